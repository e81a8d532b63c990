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

    public static void Sample(ColonPhantom phantom, Float3 origin, float spacing, int nx, int ny, int nz, Sink sink, CancellationToken ct)
    {
        var pts = phantom.Centerline.PointArray;
        var extent = new Float3(nx - 1, ny - 1, nz - 1) * spacing;
        int cx = (int)(extent.X / CoarseMm) + 2, cy = (int)(extent.Y / CoarseMm) + 2, cz = (int)(extent.Z / CoarseMm) + 2;
        var coarse = new int[cx * cy * cz];
        var options = new ParallelOptions { CancellationToken = ct };
        Parallel.For(0, cz, options, k =>
        {
            for (var j = 0; j < cy; j++)
                for (var i = 0; i < cx; i++)
                {
                    var p = origin + new Float3(i, j, k) * CoarseMm;
                    int best = 0; var bd = float.MaxValue;
                    for (var s = 0; s < pts.Length; s++)
                    {
                        var d = (p - pts[s]).LengthSquared;
                        if (d < bd) { bd = d; best = s; }
                    }
                    coarse[i + cx * (j + cy * k)] = best;
                }
        });
        var ratio = spacing / CoarseMm;
        Parallel.For(0, nz, options, k =>
        {
            var ck = Math.Min(cz - 1, (int)MathF.Round(k * ratio));
            for (var j = 0; j < ny; j++)
            {
                var cj = Math.Min(cy - 1, (int)MathF.Round(j * ratio));
                for (var i = 0; i < nx; i++)
                {
                    var ci = Math.Min(cx - 1, (int)MathF.Round(i * ratio));
                    var p = origin + new Float3(i, j, k) * spacing;
                    var f = phantom.Evaluate(p, coarse[ci + cx * (cj + cy * ck)], out var wall, out var polyp);
                    sink(i + nx * (j + ny * (long)k), f, wall, polyp);
                }
            }
        });
    }
}
