using System.Text.Json.Serialization;

namespace EndoDepth.Experiments.Results;

/// <summary>A point of the error-vs-training-size plot.</summary>
/// <param name="Series">"CNN-CRF" or "CNN-CRF-FT".</param>
/// <param name="TrainingSize">Pre-training images.</param>
/// <param name="Metrics">Errors on the rendered test set.</param>
public sealed record SizePoint(
    [property: JsonPropertyName("series")] string Series,
    [property: JsonPropertyName("training_size")] int TrainingSize,
    [property: JsonPropertyName("metrics")] MetricValues Metrics);
