using System.Text.Json.Serialization;

namespace EndoDepth.Experiments.Results;

/// <summary>A figure of the report.</summary>
/// <param name="File">PNG path relative to the output folder.</param>
/// <param name="Caption">Caption.</param>
public sealed record FigureRef(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("caption")] string Caption);
