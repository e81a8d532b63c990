using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EndoDepth.IO;

namespace EndoDepth.Datasets;

/// <summary>
/// A scene-level split: every scene id belongs to exactly one of train, val and test, so renders of one scene (which
/// share a depth map) never appear in two splits. Stored as <c>splits.json</c> in a dataset folder.
/// </summary>
public sealed record SceneSplit
{
    /// <summary>Scene ids in the training split.</summary>
    [JsonPropertyName("train")] public IReadOnlyList<string> Train { get; init; } = [];
    /// <summary>Scene ids in the validation split.</summary>
    [JsonPropertyName("val")] public IReadOnlyList<string> Val { get; init; } = [];
    /// <summary>Scene ids in the test split.</summary>
    [JsonPropertyName("test")] public IReadOnlyList<string> Test { get; init; } = [];

    /// <summary>The scenes of one split.</summary>
    public IReadOnlyList<string> this[SplitName split] => split switch
    {
        SplitName.Train => Train,
        SplitName.Val => Val,
        _ => Test,
    };

    /// <summary>
    /// Assigns each scene to a split by a seeded hash of its id (stable: adding scenes never moves existing ones), with
    /// expected fractions <paramref name="val"/> and <paramref name="test"/> (train gets the rest).
    /// </summary>
    public static SceneSplit ByHash(IEnumerable<string> sceneIds, double val = 0.1, double test = 0.1, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sceneIds);
        if (val < 0 || test < 0 || val + test > 1) throw new ArgumentOutOfRangeException(nameof(val),
            "Split fractions must be non-negative and sum to at most 1.");
        List<string> tr = [], va = [], te = [];
        foreach (var id in sceneIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{id}"));
            var u = BitConverter.ToUInt64(h, 0) / (double)ulong.MaxValue;
            (u < test ? te : u < test + val ? va : tr).Add(id);
        }
        return new SceneSplit { Train = tr, Val = va, Test = te };
    }

    /// <summary>Throws when a scene appears in two splits.</summary>
    /// <exception cref="DatasetException">A scene is in more than one split.</exception>
    public void Validate(string path)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, ids) in new[] { ("train", Train), ("val", Val), ("test", Test) })
            foreach (var id in ids)
                if (!seen.TryAdd(id, name)) throw new DatasetException(path,
                    $"scene '{id}' is in both '{seen[id]}' and '{name}'");
    }

    /// <summary>Writes splits.json atomically.</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions.Indented));

    /// <summary>Reads and validates splits.json.</summary>
    /// <exception cref="DatasetException">Malformed, or a scene in two splits.</exception>
    public static SceneSplit Load(string path)
    {
        SceneSplit? s;
        try { s = JsonSerializer.Deserialize<SceneSplit>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new DatasetException(path, "malformed splits file: " + e.Message, null, e); }
        if (s is null) throw new DatasetException(path, "empty splits file");
        s.Validate(path);
        return s;
    }
}
