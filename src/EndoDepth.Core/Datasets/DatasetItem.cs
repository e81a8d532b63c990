using System.Text.Json.Serialization;

namespace EndoDepth.Datasets;

/// <summary>
/// One line of a dataset manifest (<c>manifest.jsonl</c>): an image, its depth map and where it came from.
/// Paths are relative to the dataset folder, with '/' separators.
/// </summary>
/// <param name="Id">Unique item id; items are ordered by ordinal comparison of ids (zero-padded numbers sort
/// right).</param>
/// <param name="SceneId">The scene (geometry + pose) the image shows; renders of one scene share one depth map and
/// never cross splits.</param>
/// <param name="PresetId">The rendering preset (look), or null for the grey synthetic forward model.</param>
/// <param name="Image">Image file: 8-bit grey or RGB PNG.</param>
/// <param name="Depth">Depth file: float32 .npy in mm (0 = invalid), or 16-bit PNG at the documented scale.</param>
/// <param name="Camera">Camera intrinsics.</param>
/// <param name="Pose">Camera-to-world pose, a row-major 4×4 matrix (mm), or null when unknown.</param>
/// <param name="Source">Where it came from: "synthetic", "cinematic", "simcol3d", "c3vd", …</param>
public sealed record DatasetItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("scene")] string SceneId,
    [property: JsonPropertyName("preset")] string? PresetId,
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("depth")] string Depth,
    [property: JsonPropertyName("camera")] CameraRecord Camera,
    [property: JsonPropertyName("pose")] double[]? Pose,
    [property: JsonPropertyName("source")] string Source)
{
    /// <summary>Free-form extra metadata (seed, phantom parameters, …).</summary>
    [JsonPropertyName("meta")]
    public IReadOnlyDictionary<string, string>? Meta { get; init; }
}
