namespace EndoDepth.Imaging;

/// <summary>Summary numbers of a depth map's valid pixels (mm).</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="ValidCount">Number of valid pixels.</param>
/// <param name="Min">Smallest valid depth (NaN when none is valid).</param>
/// <param name="Max">Largest valid depth (NaN when none is valid).</param>
/// <param name="Mean">Mean valid depth (NaN when none is valid).</param>
public sealed record DepthStatistics(int Width, int Height, long ValidCount, double Min, double Max, double Mean)
{
    /// <summary>Computes the statistics (the mean is accumulated in double).</summary>
    public static DepthStatistics Of(DepthMap depth)
    {
        ArgumentNullException.ThrowIfNull(depth);
        long n = 0;
        double sum = 0, lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < depth.Millimetres.Length; i++)
        {
            if (!depth.Valid[i]) continue;
            double v = depth.Millimetres[i];
            n++; sum += v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        return n == 0
            ? new DepthStatistics(depth.Width, depth.Height, 0, double.NaN, double.NaN, double.NaN)
            : new DepthStatistics(depth.Width, depth.Height, n, lo, hi, sum / n);
    }
}
