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
            var u = Unit(seed, id);
            (u < test ? te : u < test + val ? va : tr).Add(id);
        }
        return new SceneSplit { Train = tr, Val = va, Test = te };
    }

    /// <summary>
    /// A train/test hold-out of a dataset's items by group (by default the item's scene; a generator passes the
    /// phantom or CT volume an item was rendered from, so that views of one volume never straddle train and test).
    /// Each group goes to test when a seeded hash of its id falls below <paramref name="testFraction"/>, to train
    /// otherwise — stable: more items never move a group. With two groups or more, neither split is left empty
    /// while the fraction asks for both (the group with the lowest hash goes to test, or the highest to train); a
    /// single group goes to test only when <paramref name="testFraction"/> is 1. Val stays empty.
    /// </summary>
    /// <param name="items">The dataset's items.</param>
    /// <param name="testFraction">Expected fraction of groups in test, in [0, 1].</param>
    /// <param name="seed">Seed of the hash.</param>
    /// <param name="groupOf">The group of an item; null for its <see cref="DatasetItem.SceneId"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction lies outside [0, 1].</exception>
    public static SceneSplit Holdout(IEnumerable<DatasetItem> items, double testFraction, int seed = 0,
        Func<DatasetItem, string>? groupOf = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (!(testFraction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(testFraction),
            $"The test fraction must lie in [0, 1], got {testFraction}.");
        groupOf ??= i => i.SceneId;
        var groups = items.GroupBy(groupOf, StringComparer.Ordinal)
            .Select(g => (Unit: Unit(seed, g.Key), Scenes: g.Select(i => i.SceneId).ToList()))
            .OrderBy(g => g.Unit).ToList();
        var test = groups.Count(g => g.Unit < testFraction);
        if (groups.Count >= 2 && testFraction > 0) test = Math.Max(test, 1);
        if (groups.Count >= 2 && testFraction < 1) test = Math.Min(test, groups.Count - 1);
        List<string> Scenes(IEnumerable<(double, List<string> Scenes)> g) =>
            g.SelectMany(x => x.Scenes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new SceneSplit { Train = Scenes(groups.Skip(test)), Test = Scenes(groups.Take(test)) };
    }

    /// <summary>A uniform number in [0, 1] from the SHA-256 of "seed:id".</summary>
    private static double Unit(int seed, string id) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{id}")), 0) / (double)ulong.MaxValue;

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
