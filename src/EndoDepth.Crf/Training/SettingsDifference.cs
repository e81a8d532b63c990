using System.Text.Json.Nodes;

namespace EndoDepth.Crf.Training;

/// <summary>
/// The first setting in which two JSON-serialised settings records differ, by its dotted path ("Slic.Superpixels"), so
/// that a refused checkpoint names what changed rather than printing both records.
/// </summary>
internal static class SettingsDifference
{
    /// <summary>The first differing leaf (path, value in <paramref name="was"/>, value in <paramref name="now"/>), or
    /// null when the two are equal.</summary>
    public static (string Path, string Was, string Now)? First(JsonNode? was, JsonNode? now, string path = "")
    {
        if (was is JsonObject a && now is JsonObject b)
        {
            foreach (var key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key), StringComparer.Ordinal))
                if (First(a[key], b[key], path.Length == 0 ? key : $"{path}.{key}") is { } d) return d;
            return null;
        }
        if (was is JsonArray x && now is JsonArray y && x.Count == y.Count)
        {
            for (var i = 0; i < x.Count; i++)
                if (First(x[i], y[i], $"{path}[{i}]") is { } d) return d;
            return null;
        }
        var (w, n) = (was?.ToJsonString() ?? "(none)", now?.ToJsonString() ?? "(none)");
        return w == n ? null : (path, w, n);
    }
}
