namespace EndoDepth.Metrics;

/// <summary>
/// Summary of per-item wall-clock times (e.g. one prediction per frame): count, total, mean, median and 95th
/// percentile. Percentiles are the nearest-rank kind: the smallest time with at least p % of the times at or below it
/// (p95 of 20 times is the 19th smallest), so each one is a time that was measured.
/// </summary>
/// <param name="Count">Number of items.</param>
/// <param name="TotalMs">Sum of the times (ms).</param>
/// <param name="MeanMs">Mean time per item (ms).</param>
/// <param name="MedianMs">Nearest-rank 50th percentile (ms).</param>
/// <param name="P95Ms">Nearest-rank 95th percentile (ms).</param>
/// <param name="MaxMs">Longest time (ms).</param>
public sealed record TimingSummary(int Count, double TotalMs, double MeanMs, double MedianMs, double P95Ms,
    double MaxMs)
{
    /// <summary>Summarises <paramref name="milliseconds"/>.</summary>
    /// <exception cref="ArgumentException">No time, or a time that is negative or not finite.</exception>
    public static TimingSummary Of(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        var sorted = milliseconds.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("No time to summarise.", nameof(milliseconds));
        if (sorted.Any(t => !double.IsFinite(t) || t < 0))
            throw new ArgumentException("Times must be finite and non-negative.", nameof(milliseconds));
        Array.Sort(sorted);
        var total = sorted.Sum();
        return new TimingSummary(sorted.Length, total, total / sorted.Length, NearestRank(sorted, 50),
            NearestRank(sorted, 95), sorted[^1]);
    }

    /// <summary>The smallest value with at least <paramref name="percent"/> % of the values at or below it.</summary>
    private static double NearestRank(double[] sorted, int percent) =>
        sorted[Math.Max(1, (int)(((long)percent * sorted.Length + 99) / 100)) - 1]; // ⌈p·n/100⌉, exact
}
