using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Lumen;

/// <summary>
/// The exact Euclidean distance transform (Felzenszwalb &amp; Huttenlocher 2012: separable lower envelopes of
/// parabolas)
/// on an anisotropic grid: for every voxel, the distance (mm) to the nearest voxel outside the mask (0 outside).
/// </summary>
public static class DistanceTransform
{
    /// <summary>Distances (mm) from each inside voxel to the nearest outside voxel centre.</summary>
    public static float[] Compute(bool[] inside, int nx, int ny, int nz, Float3 spacing,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inside);
        const float inf = 1e20f;
        var d = new float[inside.Length];
        for (var i = 0; i < d.Length; i++) d[i] = inside[i] ? inf : 0f;
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        // Pass along i, then j, then k, each on squared distances.
        Parallel.For(0, ny * nz, options, () => new Scratch(Math.Max(nx, Math.Max(ny, nz))), (row, _, sc) =>
        {
            var b = row % ny; var c = row / ny;
            Pass(d, b * nx + c * nx * ny, 1, nx, spacing.X, sc);
            return sc;
        }, _ => { });
        Parallel.For(0, nx * nz, options, () => new Scratch(Math.Max(nx, Math.Max(ny, nz))), (row, _, sc) =>
        {
            var a = row % nx; var c = row / nx;
            Pass(d, a + c * nx * ny, nx, ny, spacing.Y, sc);
            return sc;
        }, _ => { });
        Parallel.For(0, nx * ny, options, () => new Scratch(Math.Max(nx, Math.Max(ny, nz))), (row, _, sc) =>
        {
            Pass(d, row, nx * ny, nz, spacing.Z, sc);
            return sc;
        }, _ => { });
        for (var i = 0; i < d.Length; i++) d[i] = MathF.Sqrt(d[i]);
        return d;
    }

    private sealed class Scratch(int n)
    {
        public readonly float[] F = new float[n];
        public readonly float[] Z = new float[n + 1];
        public readonly int[] V = new int[n];
    }

    /// <summary>One 1-D squared-distance pass over n samples at <paramref name="start"/> +
    /// q·<paramref name="stride"/>, spacing h.</summary>
    private static void Pass(float[] d, int start, int stride, int n, float h, Scratch s)
    {
        var f = s.F; var z = s.Z; var v = s.V;
        for (var q = 0; q < n; q++) f[q] = d[start + q * stride];
        var k = -1;
        for (var q = 0; q < n; q++)
        {
            if (f[q] >= 1e20f) continue;
            var xq = q * h;
            while (k >= 0)
            {
                var xv = v[k] * h;
                var sect = (f[q] + xq * xq - (f[v[k]] + xv * xv)) / (2 * xq - 2 * xv);
                if (sect <= z[k]) k--;
                else break;
            }
            if (k < 0) { k = 0; v[0] = q; z[0] = float.NegativeInfinity; }
            else
            {
                var xv = v[k] * h;
                var sect = (f[q] + xq * xq - (f[v[k]] + xv * xv)) / (2 * xq - 2 * xv);
                k++; v[k] = q; z[k] = sect;
            }
            z[k + 1] = float.PositiveInfinity;
        }
        if (k < 0) return; // no finite sample on this line: leave it infinite
        var j = 0;
        for (var q = 0; q < n; q++)
        {
            var x = q * h;
            while (z[j + 1] < x) j++;
            var dx = x - v[j] * h;
            d[start + q * stride] = dx * dx + f[v[j]];
        }
    }
}
