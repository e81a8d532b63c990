using System.Text.Json;
using System.Text.Json.Serialization;
using EndoDepth.IO;

namespace EndoDepth.Experiments.Results;

/// <summary>Everything an experiment run measured: the input of the report, saved as <c>results.json</c>.</summary>
public sealed record ExperimentResults
{
    /// <summary>Results file name.</summary>
    public const string FileName = "results.json";

    /// <summary>"demo", "tiny", "small", "medium" or "paper".</summary>
    [JsonPropertyName("scale")] public string Scale { get; init; } = "";
    /// <summary>The master seed; every stage's seed derives from it.</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; }
    /// <summary>Which implementations ran (forward model, renderer, estimator).</summary>
    [JsonPropertyName("backend")] public string Backend { get; init; } = "";
    /// <summary>Tables 1–3.</summary>
    [JsonPropertyName("tables")] public IReadOnlyList<ResultTable> Tables { get; init; } = [];
    /// <summary>Training and fine-tuning loss curves.</summary>
    [JsonPropertyName("loss_curves")] public IReadOnlyList<LossCurve> LossCurves { get; init; } = [];
    /// <summary>Error vs pre-training size.</summary>
    [JsonPropertyName("size_curve")] public IReadOnlyList<SizePoint> SizeCurve { get; init; } = [];
    /// <summary>Image figures already written (Fig. 2- and Fig. 4-like grids).</summary>
    [JsonPropertyName("figures")] public IReadOnlyList<FigureRef> Figures { get; init; } = [];
    /// <summary>Settings and counts as run (seeds, sizes, epochs, presets…).</summary>
    [JsonPropertyName("settings")]
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    /// <summary>Remarks (deviations from the paper, stand-ins used…).</summary>
    [JsonPropertyName("notes")] public IReadOnlyList<string> Notes { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the results atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads results written by <see cref="Save"/>.</summary>
    /// <exception cref="DataFileException">Malformed file.</exception>
    public static ExperimentResults Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ExperimentResults>(File.ReadAllText(path), Json)
                   ?? throw new DataFileException(path, "empty results file");
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, "malformed results file: " + e.Message, null, e);
        }
    }
}
