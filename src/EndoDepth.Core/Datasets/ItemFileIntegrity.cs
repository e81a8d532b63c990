using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace EndoDepth.Datasets;

/// <summary>
/// The size and SHA-256 of each file an item wrote, kept in its record (<c>"files": {"images/0001.png": {"size": N,
/// "sha256": "…"}}</c>) so that a resume and <see cref="DatasetFolder.Verify"/> can tell a damaged file from a good
/// one. A resume compares sizes (cheap, and it catches the truncations a crash or a full disk leaves); verification
/// also compares hashes (every byte read).
/// </summary>
internal static class ItemFileIntegrity
{
    public const string Key = "files";

    /// <summary>The entry of one file as it is on disk now.</summary>
    public static JsonObject Describe(string path)
    {
        using var s = File.OpenRead(path);
        return new JsonObject
        {
            ["size"] = s.Length,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(s)),
        };
    }

    /// <summary>
    /// The first recorded file that is missing or does not match (by size, and by hash when
    /// <paramref name="hashes"/>), as a reason; null when all match or the record lists no files.
    /// </summary>
    public static string? Mismatch(JsonObject record, Func<string, string> resolve, bool hashes)
    {
        if (record[Key] is not JsonObject files) return null;
        foreach (var (relative, entry) in files)
        {
            var path = resolve(relative);
            if (!File.Exists(path)) return $"{relative} is missing";
            var size = entry?["size"]?.GetValue<long>();
            var length = new FileInfo(path).Length;
            if (size != length) return $"{relative} has {length} bytes, its record says {size}";
            if (!hashes) continue;
            var want = entry?["sha256"]?.GetValue<string>();
            using var s = File.OpenRead(path);
            if (!string.Equals(want, Convert.ToHexStringLower(SHA256.HashData(s)), StringComparison.Ordinal))
                return $"{relative} does not match its recorded SHA-256";
        }
        return null;
    }
}
