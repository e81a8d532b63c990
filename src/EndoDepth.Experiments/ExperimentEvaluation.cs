using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Baselines;
using EndoDepth.Crf;
using EndoDepth.Crf.Baselines;
using EndoDepth.Datasets;
using EndoDepth.Experiments.Results;

namespace EndoDepth.Experiments;

/// <summary>
/// The evaluations of one experiment run, each a resumable stage (<c>stages/eval-….json</c>): the trained models, the
/// three baselines (fitted once, only when one of their stages has not finished, on the train split of the fine-tuning
/// set) and the superpixel oracle (with the CNN-CRF's superpixels). Every evaluation gives unaligned and
/// median-aligned errors from one pass over the test set.
/// </summary>
internal sealed class ExperimentEvaluation
{
    /// <summary>Row name of the oracle.</summary>
    public const string OracleMethod = "oracle (superpixel ceiling)";

    private readonly StageStore _stages;
    private readonly string _modelsRoot;
    private readonly IEstimatorTrainer _trainer;
    private readonly SuperpixelOracle _oracle;
    private readonly Func<string, IProgress<double>> _progress;
    private readonly CancellationToken _ct;
    private readonly Dictionary<BaselineKind, Lazy<IDepthEstimator>> _baselines;

    /// <param name="stages">The run's stage records.</param>
    /// <param name="modelsRoot">The folder of the trained models.</param>
    /// <param name="trainer">Loads the models.</param>
    /// <param name="oracleSettings">The CNN-CRF settings whose superpixels and fill the oracle uses.</param>
    /// <param name="fitRoot">The fine-tuning set; the baselines are fitted on its train split.</param>
    /// <param name="fitImages">Its image count (for the rows).</param>
    /// <param name="progress">A progress sink per stage name.</param>
    /// <param name="ct">Cancels.</param>
    public ExperimentEvaluation(StageStore stages, string modelsRoot, IEstimatorTrainer trainer,
        CrfModelSettings oracleSettings, string fitRoot, int fitImages,
        Func<string, IProgress<double>> progress, CancellationToken ct)
    {
        _stages = stages; _modelsRoot = modelsRoot; _trainer = trainer; _progress = progress; _ct = ct;
        _oracle = new SuperpixelOracle(oracleSettings);
        FitImages = fitImages;
        _baselines = Enum.GetValues<BaselineKind>()
            .ToDictionary(k => k, k => new Lazy<IDepthEstimator>(() => DepthBaselines.Fit(k, new DatasetFolder(fitRoot),
                SplitName.Train, null, ct)));
    }

    /// <summary>Images of the set the baselines are fitted on.</summary>
    public int FitImages { get; }

    /// <summary>What the reference rows are, for a table's test-set text.</summary>
    public string ReferenceNote =>
        "baselines fitted on the train split of data/cinematic (the fine-tuning set, " +
        $"{FitImages.ToString("N0", CultureInfo.InvariantCulture)} renders); the oracle fills each of the CNN-CRF's " +
        $"~{_oracle.Settings.Slic.Count.ToString(CultureInfo.InvariantCulture)} superpixels with its mean ground truth";

    /// <summary>
    /// Errors of the trained model <c>models/MODEL.model</c> on a test set (stage <c>eval-MODEL-KEY</c>).
    /// </summary>
    public TestSetErrors Model(string model, string testRoot, string key) =>
        Stage($"eval-{model}-{key}", $"evaluate {model} on {key}",
            p => ExperimentRunner.Evaluate(_trainer.Load(Path.Combine(_modelsRoot, $"{model}.model")), testRoot, p,
            _ct));

    /// <summary>Errors of a ready estimator on a test set (stage <c>eval-NAME-KEY</c>).</summary>
    public TestSetErrors Ready(IDepthEstimator estimator, string name, string testRoot, string key) =>
        Stage($"eval-{name}-{key}", $"evaluate {name} on {key}",
            p => ExperimentRunner.Evaluate(estimator, testRoot, p, _ct));

    /// <summary>The rows "baseline: constant | prior | shading" and the oracle's on a test set.</summary>
    public IReadOnlyList<TableRow> ReferenceRows(string testRoot, string key)
    {
        var fitted = FitImages.ToString("N0", CultureInfo.InvariantCulture);
        var rows = new List<TableRow>();
        foreach (var kind in Enum.GetValues<BaselineKind>())
        {
            var name = DepthBaselines.Name(kind);
            rows.Add(TableRow.Of($"baseline: {name}", fitted, "None",
                Stage($"eval-baseline-{name}-{key}", $"evaluate baseline {name} on {key}",
                    p => ExperimentRunner.Evaluate(_baselines[kind].Value, testRoot, p, _ct))));
        }
        rows.Add(TableRow.Of(OracleMethod, "—", "—",
            Stage($"eval-oracle-{key}", $"evaluate the oracle on {key}",
                p => ExperimentRunner.Evaluate((image, _, truth, c) => _oracle.Estimate(image, truth, c), testRoot, p,
                    _ct))));
        return rows;
    }

    /// <summary>A stage's record, reused only when it holds both alignments (older builds stored one).</summary>
    private TestSetErrors Stage(string stage, string label, Func<IProgress<double>, TestSetErrors> run) =>
        _stages.Run(stage, () => run(_progress(label)), e => e.Ours is not null && e.Median is not null);
}
