using System.Text.Json;

namespace EndoDepth.Rendering.Datasets;

/// <summary>
/// How settings records are written into a dataset's recipe: invariant JSON with fields included (value tuples such as
/// <c>(Min, Max)</c> ranges are fields), so that two runs compare equal exactly when their settings do.
/// </summary>
internal static class RecipeJson
{
    /// <summary>The serializer options.</summary>
    public static readonly JsonSerializerOptions Options = new() { IncludeFields = true };
}
