using EndoDepth.Geometry;
using EndoDepth.Volumes;

using EndoDepth.Rendering.Phantom;

namespace EndoDepth.Rendering.Lumen;

/// <summary>
/// Traces the lumen centerline of a CT colonography volume: air segmentation and the lumen component
/// (<see cref="LumenMask"/>), the distance transform to the wall, the two mutually farthest lumen voxels (geodesic
/// breadth-first search twice), and the shortest 26-connected path between them under the cost
/// step / (DT + ε)^p, which keeps it on the medial axis; the path is smoothed and resampled at equal arc length.
/// </summary>
public static class LumenCenterline
{
    /// <summary>The lumen, its distance map and its centerline.</summary>
    /// <param name="Mask">The lumen mask on the working grid.</param>
    /// <param name="Distance">Distance to the wall (mm) per working voxel.</param>
    /// <param name="Path">The centerline.</param>
    public sealed record Result(LumenMask Mask, float[] Distance, Centerline Path)
    {
        /// <summary>Distance to the wall (mm) at a world point, trilinear on the working grid (0 outside it).</summary>
        public float DistanceAt(Float3 world)
        {
            var g = Mask.FromWorld(world);
            if (g.X < 0 || g.Y < 0 || g.Z < 0 || g.X > Mask.Nx - 1 || g.Y > Mask.Ny - 1 || g.Z > Mask.Nz - 1) return 0f;
            int a = Math.Min((int)g.X, Math.Max(Mask.Nx - 2, 0)), b = Math.Min((int)g.Y, Math.Max(Mask.Ny - 2, 0)),
                c = Math.Min((int)g.Z, Math.Max(Mask.Nz - 2, 0));
            float fx = g.X - a, fy = g.Y - b, fz = g.Z - c;
            float D(int i, int j, int k)
                => Distance[Math.Min(i,
                Mask.Nx - 1) + Mask.Nx * (Math.Min(j, Mask.Ny - 1) + Mask.Ny * Math.Min(k, Mask.Nz - 1))];
            var c00 = D(a, b, c) + (D(a + 1, b, c) - D(a, b, c)) * fx;
            var c10 = D(a, b + 1, c) + (D(a + 1, b + 1, c) - D(a, b + 1, c)) * fx;
            var c01 = D(a, b, c + 1) + (D(a + 1, b, c + 1) - D(a, b, c + 1)) * fx;
            var c11 = D(a, b + 1, c + 1) + (D(a + 1, b + 1, c + 1) - D(a, b + 1, c + 1)) * fx;
            var c0 = c00 + (c10 - c00) * fy;
            var c1 = c01 + (c11 - c01) * fy;
            return c0 + (c1 - c0) * fz;
        }
    }

    /// <summary>Finds the lumen of <paramref name="volume"/> and traces its centerline.</summary>
    /// <exception cref="ArgumentException">No air, or a lumen too small to trace (fewer than 2 voxels).</exception>
    public static Result Trace(CtVolume volume, LumenSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        var s = settings ?? new LumenSettings();
        var mask = LumenMask.Segment(volume, s, cancellationToken);
        if (mask.Count < 2) throw new ArgumentException("The lumen is too small to trace a centerline.",
            nameof(volume));
        var dist = DistanceTransform.Compute(mask.Inside, mask.Nx, mask.Ny, mask.Nz, mask.Spacing, cancellationToken);
        var start = 0;
        for (var i = 0; i < dist.Length; i++) if (dist[i] > dist[start]) start = i;
        var a = Farthest(mask, start, cancellationToken);
        var b = Farthest(mask, a, cancellationToken);
        var voxels = ShortestPath(mask, dist, a, b, s.CenteringExponent, cancellationToken);
        var world = voxels.Select(v => mask.ToWorld(new Float3(v % mask.Nx, v / mask.Nx % mask.Ny,
            v / (mask.Nx * mask.Ny)))).ToList();
        var smoothed = Smooth(world, s.SmoothingMm);
        var (points, lengths) = Resample(smoothed, s.StepMm);
        var result = new Result(mask, dist, Centerline.FromPoints(points, new float[points.Count], s.StepMm));
        var radii = points.Select(result.DistanceAt).ToArray();
        return result with { Path = Centerline.FromPoints(points, radii, s.StepMm) };
    }

    private static int Farthest(LumenMask m, int from, CancellationToken ct)
    {
        var seen = new bool[m.Inside.Length];
        var queue = new int[m.Count];
        int head = 0, tail = 0;
        queue[tail++] = from; seen[from] = true;
        var last = from;
        while (head < tail)
        {
            if ((head & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var p = queue[head++];
            last = p;
            int x = p % m.Nx, y = p / m.Nx % m.Ny, z = p / (m.Nx * m.Ny);
            void Visit(int q) { if (m.Inside[q] && !seen[q]) { seen[q] = true; queue[tail++] = q; } }
            if (x > 0) Visit(p - 1);
            if (x < m.Nx - 1) Visit(p + 1);
            if (y > 0) Visit(p - m.Nx);
            if (y < m.Ny - 1) Visit(p + m.Nx);
            if (z > 0) Visit(p - m.Nx * m.Ny);
            if (z < m.Nz - 1) Visit(p + m.Nx * m.Ny);
        }
        return last; // the last voxel reached is (one of) the farthest in steps
    }

    private static List<int> ShortestPath(LumenMask m, float[] dist, int from, int to, float p, CancellationToken ct)
    {
        var cost = new float[m.Inside.Length];
        Array.Fill(cost, float.PositiveInfinity);
        var prev = new int[m.Inside.Length];
        var heap = new PriorityQueue<int, float>();
        cost[from] = 0; prev[from] = -1;
        heap.Enqueue(from, 0);
        var sp = m.Spacing;
        var eps = 0.5f * MathF.Min(sp.X, MathF.Min(sp.Y, sp.Z));
        var pops = 0;
        while (heap.TryDequeue(out var u, out var cu))
        {
            if (cu > cost[u]) continue;
            if (u == to) break;
            if ((++pops & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            int x = u % m.Nx, y = u / m.Nx % m.Ny, z = u / (m.Nx * m.Ny);
            for (var dz = -1; dz <= 1; dz++)
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if (dx == 0 && dy == 0 && dz == 0) continue;
                        int nx = x + dx, ny = y + dy, nz = z + dz;
                        if (nx < 0 || ny < 0 || nz < 0 || nx >= m.Nx || ny >= m.Ny || nz >= m.Nz) continue;
                        var v = nx + m.Nx * (ny + m.Ny * nz);
                        if (!m.Inside[v]) continue;
                        var len = MathF.Sqrt(dx * dx * sp.X * sp.X + dy * dy * sp.Y * sp.Y + dz * dz * sp.Z * sp.Z);
                        var w = len / MathF.Pow(0.5f * (dist[u] + dist[v]) + eps, p);
                        var c = cu + w;
                        if (c < cost[v]) { cost[v] = c; prev[v] = u; heap.Enqueue(v, c); }
                    }
        }
        var path = new List<int>();
        for (var v = to; v != -1; v = prev[v]) path.Add(v);
        path.Reverse();
        return path;
    }

    private static List<Float3> Smooth(List<Float3> pts, float windowMm)
    {
        if (pts.Count < 3 || windowMm <= 0) return pts;
        var (res, _) = Resample(pts, 0.5f);
        var half = Math.Max(1, (int)(windowMm / 0.5f / 2));
        var o = new List<Float3>(res.Count);
        for (var i = 0; i < res.Count; i++)
        {
            var lo = Math.Max(0, i - half); var hi = Math.Min(res.Count - 1, i + half);
            var w = Math.Min(i - lo, hi - i); // symmetric window keeps the ends fixed
            var sum = Float3.Zero;
            for (var k = i - w; k <= i + w; k++) sum += res[k];
            o.Add(sum / (2 * w + 1));
        }
        return o;
    }

    private static (List<Float3> Points, float Length) Resample(List<Float3> pts, float step)
    {
        var o = new List<Float3> { pts[0] };
        var carried = 0f;
        var total = 0f;
        for (var i = 1; i < pts.Count; i++)
        {
            var a = pts[i - 1]; var b = pts[i];
            var seg = (b - a).Length;
            total += seg;
            var pos = step - carried;
            while (pos <= seg)
            {
                o.Add(Float3.Lerp(a, b, pos / seg));
                pos += step;
            }
            carried = seg - (pos - step);
        }
        if (o.Count == 1) o.Add(pts[^1]);
        return (o, total);
    }
}
