namespace EndoDepth.Volumes;

/// <summary>Minimum, maximum and mean Hounsfield units of a volume (NaN voxels ignored).</summary>
/// <param name="Min">Smallest HU.</param>
/// <param name="Max">Largest HU.</param>
/// <param name="Mean">Mean HU.</param>
/// <param name="NaNCount">Voxels that are NaN (float volumes only).</param>
public sealed record HuStatistics(double Min, double Max, double Mean, long NaNCount)
{
    /// <summary>Computes the statistics of <paramref name="volume"/>.</summary>
    public static HuStatistics Of(CtVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long count = 0, nan = 0;
        if (volume.Int16Voxels is { } s)
        {
            foreach (var v in s) { if (v < min) min = v; if (v > max) max = v; sum += v; }
            count = s.LongLength;
        }
        else
        {
            foreach (var v in volume.Float32Voxels!)
            {
                if (float.IsNaN(v)) { nan++; continue; }
                if (v < min) min = v; if (v > max) max = v; sum += v; count++;
            }
        }
        return count == 0
            ? new HuStatistics(double.NaN, double.NaN, double.NaN, nan)
            : new HuStatistics(min, max, sum / count, nan);
    }
}
