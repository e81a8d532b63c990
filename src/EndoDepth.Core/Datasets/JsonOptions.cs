using System.Text.Json;

namespace EndoDepth.Datasets;

/// <summary>The JSON settings used for manifests and sidecar files.</summary>
internal static class JsonOptions
{
    /// <summary>One object per line (JSON Lines).</summary>
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Human-readable files.</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
