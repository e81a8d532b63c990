using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// Evaluates a phantom's field on every point of a regular grid. The closest centerline sample is found by brute force
/// on a coarse 4 mm grid, and each fine point starts its local descent from its coarse cell's answer, so the cost per
/// point is a few distance evaluations rather than a scan of the whole centerline.
/// </summary>
internal static class PhantomGridSampler
{
    private const float CoarseMm = 4f;

    /// <summary>Receives (linear index, field, wall field, polyp field) for every point.</summary>
    public delegate void Sink(long index, float field, float wall, float polyp);

    public static void Sample(ColonPhantom phantom, Float3 origin, float spacing, int nx, int ny, int nz, Sink sink,
        CancellationToken ct)
    {
        var nearest = NearestSamples(phantom, origin, spacing, nx, ny, nz, ct, out var cx, out var cy, out var cz);
        var ratio = spacing / CoarseMm;
        Parallel.For(0, nz, new ParallelOptions { CancellationToken = ct }, k =>
        {
            var ck = Math.Min(cz - 1, (int)MathF.Round(k * ratio));
            for (var j = 0; j < ny; j++)
            {
                var cj = Math.Min(cy - 1, (int)MathF.Round(j * ratio));
                for (var i = 0; i < nx; i++)
                {
                    var ci = Math.Min(cx - 1, (int)MathF.Round(i * ratio));
                    var p = origin + new Float3(i, j, k) * spacing;
                    var f = phantom.Evaluate(p, nearest[ci + cx * (cj + cy * ck)], out var wall, out var polyp);
                    sink(i + nx * (j + ny * (long)k), f, wall, polyp);
                }
            }
        });
    }

    /// <summary>
    /// The phantom's field on the grid for the ray caster, exact wherever it matters and interpolated where it cannot:
    /// the field is evaluated at the points whose indices are all even (a lattice at twice the spacing); every other
    /// point takes the trilinear interpolation of the lattice cell around it when all that cell's corners are at least
    /// <paramref name="exactBandMm"/> from the wall (|f| ≥ band), and is evaluated exactly otherwise. Near the
    /// surface —
    /// every cell a ray's hit is refined in, every step that could reach the wall — the values are the exact ones;
    /// deep
    /// in the lumen (or the tissue) an interpolated value differs from the field by far less than the field itself, so
    /// a
    /// sphere-tracing step from it stays in free space. About half the evaluations of <see cref="Sample"/>.
    /// </summary>
    public static void SampleSurface(ColonPhantom phantom, Float3 origin, float spacing, int nx, int ny, int nz,
        float exactBandMm,
        float[] values, CancellationToken ct)
    {
        var nearest = NearestSamples(phantom, origin, spacing, nx, ny, nz, ct, out var cx, out var cy, out var cz);
        var ratio = spacing / CoarseMm;
        var options = new ParallelOptions { CancellationToken = ct };
        float Exact(int i, int j, int k)
        {
            var ci = Math.Min(cx - 1, (int)MathF.Round(i * ratio));
            var cj = Math.Min(cy - 1, (int)MathF.Round(j * ratio));
            var ck = Math.Min(cz - 1, (int)MathF.Round(k * ratio));
            return phantom.Evaluate(origin + new Float3(i, j, k) * spacing, nearest[ci + cx * (cj + cy * ck)], out _,
                out _);
        }
        // The lattice of even points, exactly.
        Parallel.For(0, (nz + 1) / 2, options, kk =>
        {
            var k = 2 * kk;
            for (var j = 0; j < ny; j += 2)
                for (var i = 0; i < nx; i += 2)
                    values[i + nx * (j + ny * (long)k)] = Exact(i, j, k);
        });
        // Every other point: interpolated inside lattice cells that are all far from the wall, else exact.
        var diagonal = 2f * spacing * MathF.Sqrt(3f);
        Parallel.For(0, nz, options, k =>
        {
            for (var j = 0; j < ny; j++)
                for (var i = 0; i < nx; i++)
                {
                    if (((i | j | k) & 1) == 0) continue;
                    int i0 = i & ~1, j0 = j & ~1, k0 = k & ~1;
                    // = i0 on even axes
                    int i1 = i0 + ((i & 1) << 1), j1 = j0 + ((j & 1) << 1), k1 = k0 + ((k & 1) << 1);
                    var idx = i + nx * (j + ny * (long)k);
                    if (i1 >= nx || j1 >= ny || k1 >= nz) { values[idx] = Exact(i, j, k); continue; }
                    float At(int a, int b, int c) => values[a + nx * (b + ny * (long)c)];
                    float c000 = At(i0, j0, k0), c100 = At(i1, j0, k0), c010 = At(i0, j1, k0), c110 = At(i1, j1, k0);
                    float c001 = At(i0, j0, k1), c101 = At(i1, j0, k1), c011 = At(i0, j1, k1), c111 = At(i1, j1, k1);
                    var far = Far(c000, exactBandMm) && Far(c100, exactBandMm) && Far(c010, exactBandMm)
                        && Far(c110, exactBandMm) &&
                              Far(c001, exactBandMm) && Far(c101, exactBandMm) && Far(c011, exactBandMm)
                                  && Far(c111, exactBandMm);
                    // A distance-like field changes by at most the cell's diagonal across it; corners that differ more
                    // sit
                    // on both sides of a seam of the field (where the closest centerline point jumps): evaluate
                    // exactly.
                    var lo = MathF.Min(MathF.Min(MathF.Min(c000, c100), MathF.Min(c010, c110)),
                        MathF.Min(MathF.Min(c001, c101), MathF.Min(c011, c111)));
                    var hi = MathF.Max(MathF.Max(MathF.Max(c000, c100), MathF.Max(c010, c110)),
                        MathF.Max(MathF.Max(c001, c101), MathF.Max(c011, c111)));
                    if (!far || hi - lo > diagonal) { values[idx] = Exact(i, j, k); continue; }
                    float fx = (i & 1) * 0.5f, fy = (j & 1) * 0.5f, fz = (k & 1) * 0.5f;
                    var y0 = Lerp(Lerp(c000, c100, fx), Lerp(c010, c110, fx), fy);
                    var y1 = Lerp(Lerp(c001, c101, fx), Lerp(c011, c111, fx), fy);
                    values[idx] = Lerp(y0, y1, fz);
                }
        });
    }

    private static bool Far(float f, float band) => MathF.Abs(f) >= band;

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    /// <summary>
    /// For a coarse 4 mm grid over the box, the index of the centerline sample closest to each coarse point (brute
    /// force),
    /// where each fine point's local descent starts.
    /// </summary>
    private static int[] NearestSamples(ColonPhantom phantom, Float3 origin, float spacing, int nx, int ny, int nz,
        CancellationToken ct,
        out int cx, out int cy, out int cz)
    {
        var pts = phantom.Centerline.PointArray;
        var extent = new Float3(nx - 1, ny - 1, nz - 1) * spacing;
        int sx = (int)(extent.X / CoarseMm) + 2, sy = (int)(extent.Y / CoarseMm) + 2,
            sz = (int)(extent.Z / CoarseMm) + 2;
        var coarse = new int[sx * sy * sz];
        var options = new ParallelOptions { CancellationToken = ct };
        Parallel.For(0, sz, options, k =>
        {
            for (var j = 0; j < sy; j++)
                for (var i = 0; i < sx; i++)
                {
                    var p = origin + new Float3(i, j, k) * CoarseMm;
                    int best = 0; var bd = float.MaxValue;
                    for (var s = 0; s < pts.Length; s++)
                    {
                        var d = (p - pts[s]).LengthSquared;
                        if (d < bd) { bd = d; best = s; }
                    }
                    coarse[i + sx * (j + sy * k)] = best;
                }
        });
        cx = sx; cy = sy; cz = sz;
        return coarse;
    }
}
