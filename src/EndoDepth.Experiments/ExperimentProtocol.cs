using System.Text.Json;
using System.Text.Json.Serialization;
using EndoDepth.IO;

namespace EndoDepth.Experiments;

/// <summary>
/// The seeds and phantom assignment of a run, written to <c>protocol.json</c> before anything else: every phantom seed
/// has exactly one role, so training, fine-tuning and test scenes never share a phantom — no test view can lie near a
/// training view along a centerline (stricter than the paper's "no image within close proximity").
/// </summary>
internal sealed record ExperimentProtocol
{
    /// <summary>File name.</summary>
    public const string FileName = "protocol.json";

    /// <summary>Scale name.</summary>
    [JsonPropertyName("scale")] public string Scale { get; init; } = "";
    /// <summary>
    /// Every count, size and epoch number of the scale (JSON), so a run of the same name with other contents is
    /// refused.
    /// </summary>
    [JsonPropertyName("scale_definition")] public string ScaleDefinition { get; init; } = "";
    /// <summary>Master seed.</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; }
    /// <summary>Phantoms of the synthetic pre-training set.</summary>
    [JsonPropertyName("synthetic_phantoms")] public IReadOnlyList<int> SyntheticPhantoms { get; init; } = [];
    /// <summary>CT phantoms of the fine-tuning renders.</summary>
    [JsonPropertyName("finetune_phantoms")] public IReadOnlyList<int> FineTunePhantoms { get; init; } = [];
    /// <summary>CT phantoms of Table 1's rendered test scenes.</summary>
    [JsonPropertyName("test_phantoms")] public IReadOnlyList<int> TestPhantoms { get; init; } = [];
    /// <summary>CT phantoms of the unseen domain (Tables 2–3), unless a test folder is given.</summary>
    [JsonPropertyName("unseen_phantoms")] public IReadOnlyList<int> UnseenPhantoms { get; init; } = [];
    /// <summary>The four fine-tuning presets.</summary>
    [JsonPropertyName("presets")] public IReadOnlyList<string> Presets { get; init; } = [];
    /// <summary>Presets of the unseen domain.</summary>
    [JsonPropertyName("unseen_presets")] public IReadOnlyList<string> UnseenPresets { get; init; } = [];
    /// <summary>The user's test folder for Tables 2–3, if any.</summary>
    [JsonPropertyName("test_folder")] public string? TestFolder { get; init; }

    /// <summary>The protocol of a scale and seed: disjoint phantom seed ranges per role.</summary>
    public static ExperimentProtocol Create(ExperimentScale scale, int seed, IReadOnlyList<string> presets,
        IReadOnlyList<string> unseenPresets, string? testFolder)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var start = Randomness.Seed.Derive(seed, ExperimentStreams.PhantomRanges) % 100_000 * 10;
        int Base(int role) => start + role * 1_000_000;
        IReadOnlyList<int> Range(int role, int n) => Enumerable.Range(Base(role), n).ToList();
        return new ExperimentProtocol
        {
            Scale = scale.Name,
            ScaleDefinition = JsonSerializer.Serialize(scale),
            Seed = seed,
            SyntheticPhantoms = Range(1, scale.SyntheticPhantoms),
            FineTunePhantoms = Range(2, scale.FineTunePhantoms),
            TestPhantoms = Range(3, scale.TestPhantoms),
            UnseenPhantoms = testFolder is null ? Range(4, scale.UnseenPhantoms) : [],
            Presets = presets,
            UnseenPresets = unseenPresets,
            TestFolder = testFolder,
        };
    }

    /// <summary>Throws unless every phantom has one role and the unseen presets differ from the four.</summary>
    /// <exception cref="InvalidOperationException">A phantom or preset is shared between roles.</exception>
    public void Validate()
    {
        var all = SyntheticPhantoms.Concat(FineTunePhantoms).Concat(TestPhantoms).Concat(UnseenPhantoms).ToList();
        if (all.Count != all.Distinct()
            .Count()) throw new InvalidOperationException("A phantom seed has two roles in the protocol.");
        if (UnseenPresets.Intersect(Presets, StringComparer.Ordinal)
            .Any()) throw new InvalidOperationException("An unseen-domain preset is one of the four.");
    }

    /// <summary>
    /// True when <paramref name="other"/> describes the same run: same scale contents, seed, roles, presets and test
    /// folder.
    /// </summary>
    public bool SameRunAs(ExperimentProtocol other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Scale == other.Scale && ScaleDefinition == other.ScaleDefinition && Seed == other.Seed
               && TestFolder == other.TestFolder
               && SyntheticPhantoms.SequenceEqual(other.SyntheticPhantoms)
               && FineTunePhantoms.SequenceEqual(other.FineTunePhantoms)
               && TestPhantoms.SequenceEqual(other.TestPhantoms) && UnseenPhantoms.SequenceEqual(other.UnseenPhantoms)
               && Presets.SequenceEqual(other.Presets) && UnseenPresets.SequenceEqual(other.UnseenPresets);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes protocol.json atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads protocol.json.</summary>
    public static ExperimentProtocol Load(string path) =>
        JsonSerializer.Deserialize<ExperimentProtocol>(File.ReadAllText(path), Json)
        ?? throw new DataFileException(path, "empty protocol file");
}
