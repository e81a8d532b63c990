using System.Text.Json.Serialization;
using EndoDepth.Metrics;

namespace EndoDepth.Experiments.Results;

/// <summary>
/// The paper's error measures (§3) and δ1, pooled over all valid pixels of a test set (the paper's N).
/// </summary>
/// <param name="Rel">Mean |gt − est| / gt.</param>
/// <param name="Log10">Mean |log10 gt − log10 est|.</param>
/// <param name="Rms">sqrt(mean (gt − est)²), in mm.</param>
/// <param name="Delta1">Fraction of pixels with max(gt/est, est/gt) &lt; 1.25.</param>
/// <param name="Count">Valid pixels counted.</param>
public sealed record MetricValues(
    [property: JsonPropertyName("rel")] double Rel,
    [property: JsonPropertyName("log10")] double Log10,
    [property: JsonPropertyName("rms")] double Rms,
    [property: JsonPropertyName("d1")] double Delta1,
    [property: JsonPropertyName("count")] long Count)
{
    /// <summary>The paper's measures and δ1 of Core's metrics.</summary>
    public static MetricValues From(DepthMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Rel, m.Log10, m.Rms, m.Delta1, m.Count);
    }
}
