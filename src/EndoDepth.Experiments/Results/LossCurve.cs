using System.Text.Json.Serialization;

namespace EndoDepth.Experiments.Results;

/// <summary>A loss curve: one mean training loss per epoch.</summary>
/// <param name="Name">E.g. "pre-train 200", "fine-tune 4×".</param>
/// <param name="Loss">Loss per epoch.</param>
public sealed record LossCurve(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("loss")] IReadOnlyList<double> Loss);
