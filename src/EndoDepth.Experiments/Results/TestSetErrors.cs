using System.Text.Json.Serialization;

namespace EndoDepth.Experiments.Results;

/// <summary>
/// A test set's errors without alignment (the paper's) and with per-image median alignment, from one pass.
/// </summary>
/// <param name="Ours">Unaligned errors.</param>
/// <param name="Median">Errors after scaling each prediction by median(gt) / median(pred) over its valid
/// pixels.</param>
public sealed record TestSetErrors(
    [property: JsonPropertyName("ours")] MetricValues Ours,
    [property: JsonPropertyName("ours_median")] MetricValues Median);
