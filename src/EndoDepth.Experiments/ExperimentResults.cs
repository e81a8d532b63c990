using System.Text.Json;
using System.Text.Json.Serialization;
using EndoDepth.IO;

namespace EndoDepth.Experiments;

/// <summary>The paper's error measures (§3) and δ1, pooled over all valid pixels of a test set (the paper's N).</summary>
/// <param name="Rel">Mean |gt − est| / gt.</param>
/// <param name="Log10">Mean |log10 gt − log10 est|.</param>
/// <param name="Rms">sqrt(mean (gt − est)²), in mm.</param>
/// <param name="Delta1">Fraction of pixels with max(gt/est, est/gt) &lt; 1.25.</param>
/// <param name="Count">Valid pixels counted.</param>
public sealed record MetricValues(
    [property: JsonPropertyName("rel")] double Rel,
    [property: JsonPropertyName("log10")] double Log10,
    [property: JsonPropertyName("rms")] double Rms,
    [property: JsonPropertyName("d1")] double Delta1,
    [property: JsonPropertyName("count")] long Count)
{
    /// <summary>The paper's measures and δ1 of Core's metrics.</summary>
    public static MetricValues From(EndoDepth.Metrics.DepthMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Rel, m.Log10, m.Rms, m.Delta1, m.Count);
    }
}

/// <summary>A test set's errors without alignment (the paper's) and with per-image median alignment, from one pass.</summary>
/// <param name="Ours">Unaligned errors.</param>
/// <param name="Median">Errors after scaling each prediction by median(gt) / median(pred) over its valid pixels.</param>
public sealed record TestSetErrors(
    [property: JsonPropertyName("ours")] MetricValues Ours,
    [property: JsonPropertyName("ours_median")] MetricValues Median);

/// <summary>
/// One row of a results table: a model (or a baseline, or the oracle), its training and fine-tuning set sizes, our
/// numbers unaligned and median-aligned, and the paper's.
/// </summary>
/// <param name="Method">"CNN-CRF", "CNN-CRF-FT", "CNN-CRF-FT (1 × N)", …</param>
/// <param name="Training">Pre-training set size as run.</param>
/// <param name="FineTuning">Fine-tuning set size as run ("None" when not fine-tuned).</param>
/// <param name="Ours">Our measured errors.</param>
/// <param name="Paper">The paper's numbers for the corresponding row (rms in the paper's unstated unit; δ1 not reported), or null.</param>
/// <param name="PaperTraining">The paper's training size for that row.</param>
/// <param name="PaperFineTuning">The paper's fine-tuning size for that row.</param>
public sealed record TableRow(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("training")] string Training,
    [property: JsonPropertyName("fine_tuning")] string FineTuning,
    [property: JsonPropertyName("ours")] MetricValues Ours,
    [property: JsonPropertyName("paper")] MetricValues? Paper,
    [property: JsonPropertyName("paper_training")] string? PaperTraining = null,
    [property: JsonPropertyName("paper_fine_tuning")] string? PaperFineTuning = null)
{
    /// <summary>Our errors with per-image median alignment (null in results written before it was measured).</summary>
    [JsonPropertyName("ours_median")] public MetricValues? Median { get; init; }

    /// <summary>A row of our errors both ways.</summary>
    public static TableRow Of(string method, string training, string fineTuning, TestSetErrors errors, MetricValues? paper = null, string? paperTraining = null, string? paperFineTuning = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new TableRow(method, training, fineTuning, errors.Ours, paper, paperTraining, paperFineTuning) { Median = errors.Median };
    }
}

/// <summary>A results table like the paper's Tables 1–3.</summary>
/// <param name="Id">"table1", "table2", "table3".</param>
/// <param name="Title">Caption.</param>
/// <param name="TestSet">What it was evaluated on.</param>
/// <param name="Rows">The rows.</param>
public sealed record ResultTable(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("test_set")] string TestSet,
    [property: JsonPropertyName("rows")] IReadOnlyList<TableRow> Rows);

/// <summary>A loss curve: one mean training loss per epoch.</summary>
/// <param name="Name">E.g. "pre-train 200", "fine-tune 4×".</param>
/// <param name="Loss">Loss per epoch.</param>
public sealed record LossCurve(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("loss")] IReadOnlyList<double> Loss);

/// <summary>A point of the error-vs-training-size plot.</summary>
/// <param name="Series">"CNN-CRF" or "CNN-CRF-FT".</param>
/// <param name="TrainingSize">Pre-training images.</param>
/// <param name="Metrics">Errors on the rendered test set.</param>
public sealed record SizePoint(
    [property: JsonPropertyName("series")] string Series,
    [property: JsonPropertyName("training_size")] int TrainingSize,
    [property: JsonPropertyName("metrics")] MetricValues Metrics);

/// <summary>A figure of the report.</summary>
/// <param name="File">PNG path relative to the output folder.</param>
/// <param name="Caption">Caption.</param>
public sealed record FigureRef(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("caption")] string Caption);

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
    [JsonPropertyName("settings")] public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    /// <summary>Remarks (deviations from the paper, stand-ins used…).</summary>
    [JsonPropertyName("notes")] public IReadOnlyList<string> Notes { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the results atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads results written by <see cref="Save"/>.</summary>
    /// <exception cref="DataFileException">Malformed file.</exception>
    public static ExperimentResults Load(string path)
    {
        try { return JsonSerializer.Deserialize<ExperimentResults>(File.ReadAllText(path), Json) ?? throw new DataFileException(path, "empty results file"); }
        catch (JsonException e) { throw new DataFileException(path, "malformed results file: " + e.Message, null, e); }
    }
}
