using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Experiments.Report;
using EndoDepth.Experiments.Results;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.IO;
using EndoDepth.Metrics;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using PaperRow = (string Method, string Training, string FineTuning,
    EndoDepth.Experiments.Results.MetricValues Values);

namespace EndoDepth.Experiments;

/// <summary>Progress of an experiment: the stage running and its fraction done.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Fraction">Done, in [0, 1].</param>
public readonly record struct StageProgress(string Stage, double Fraction);

/// <summary>
/// The paper's protocol (§3) at a given scale: synthetic set → pre-training (two sizes) → cinematic renders with
/// four presets → fine-tuning → evaluation on held-out rendered scenes (Table 1) and on an unseen domain (Table 2),
/// one vs four renderings (Table 3) → figures and report. Every stage records its completion in <c>stages/</c> and is
/// reused when complete, so an interrupted run resumes where it stopped; every seed derives from the master seed, so a
/// re-run gives the same tables.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly ExperimentParts _parts;
    private readonly ExperimentScale _scale;
    private readonly string _root;
    private readonly int _seed;
    private readonly string? _testFolder;
    private readonly bool _demo;
    private readonly StageStore _stages;
    private readonly IDepthEstimator? _pretrained;

    /// <summary>Row and column name of the ready model given to the runner.</summary>
    public const string PretrainedMethod = "EndoDepth pretrained (shipped)";

    /// <summary>Creates a runner.</summary>
    /// <param name="parts">The implementations to run.</param>
    /// <param name="scale">The counts.</param>
    /// <param name="outputRoot">Output folder (datasets, models, figures, report).</param>
    /// <param name="seed">Master seed.</param>
    /// <param name="testFolder">A dataset folder for Tables 2–3 instead of the generated unseen domain.</param>
    /// <param name="demo">Demo mode: Table 1 and the figures only (no Table 2/3 models).</param>
    /// <param name="pretrained">A ready model evaluated beside the trained ones in every table and in Fig. 4 (the CLI
    /// passes the model shipped with EndoDepth), or null.</param>
    public ExperimentRunner(ExperimentParts parts, ExperimentScale scale, string outputRoot, int seed = 7,
        string? testFolder = null, bool demo = false,
        IDepthEstimator? pretrained = null)
    {
        _pretrained = pretrained;
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(outputRoot);
        _parts = parts; _scale = scale; _root = Path.GetFullPath(outputRoot); _seed = seed; _demo = demo;
        _testFolder = testFolder is null ? null : Path.GetFullPath(testFolder);
        _stages = new StageStore(_root);
    }

    private string P(string rel) => Path.Combine(_root, rel);

    private IReadOnlyList<int> Sizes => _scale.PretrainSizes;

    private VolumeLooks Four => _parts.Presets;

    /// <summary>Scenes of Table 3's "4 × N/4" fine-tuning set.</summary>
    private int Quarter => Math.Max(1, _scale.FineTuneScenes / 4);

    private string UnseenRoot => _testFolder ?? P("data/test-unseen");

    private string SyntheticRoot(int n) => n == Sizes[0] ? P("data/synthetic") : P($"data/synthetic-{n}");

    /// <summary>
    /// Runs (or resumes) everything and writes results.json, report.md and report.html. The output folder is locked
    /// for the run (<see cref="FolderLock"/>).
    /// </summary>
    /// <exception cref="FolderInUseException">Another run is writing the output folder.</exception>
    public ExperimentResults Run(IProgress<StageProgress>? progress = null, CancellationToken ct = default)
    {
        // One folder, one run: the lock is held to the end; a killed run's temporaries go first.
        using var running = FolderLock.Acquire(_root);
        AtomicFile.DeleteStaleTemporaries(_root);
        var reporter = new StageReporter(progress);
        var unseenPresets = _parts.OtherPresets(_scale.UnseenPresets,
            Seed.Derive(_seed, ExperimentStreams.UnseenPresets));
        var protocol = StartRun(unseenPresets);
        var data = new ExperimentDatasets(_parts, _scale);
        WriteSyntheticSets(data, protocol, reporter, ct);
        WriteCinematicSets(data, protocol, unseenPresets, reporter, ct);
        var curves = TrainModels(reporter, ct);
        var (tables, sizePoints) = EvaluateModels(reporter, ct);
        return WriteReport(protocol, unseenPresets, tables, curves, sizePoints, reporter, ct);
    }

    /// <summary>Writes protocol.json, after checking that the output folder holds no other run.</summary>
    private ExperimentProtocol StartRun(VolumeLooks unseenPresets)
    {
        Directory.CreateDirectory(_root);
        var protocol = ExperimentProtocol.Create(_scale, _seed, Four.Select(p => p.Name).ToList(),
            unseenPresets.Select(p => p.Name).ToList(), _testFolder);
        protocol.Validate();
        if (File.Exists(P(ExperimentProtocol.FileName)))
        {
            var old = ExperimentProtocol.Load(P(ExperimentProtocol.FileName));
            if (!old.SameRunAs(protocol))
                throw new ArgumentException($"{_root} holds another run (scale '{old.Scale}', seed {old.Seed}, or the "
                    + "same names with other counts, roles or presets): use another --out folder.");
        }
        protocol.Save(P(ExperimentProtocol.FileName));
        return protocol;
    }

    /// <summary>Stage 1: the synthetic pre-training set (largest size), the smaller sizes as subsets of it.</summary>
    private void WriteSyntheticSets(ExperimentDatasets data, ExperimentProtocol protocol, StageReporter reporter,
        CancellationToken ct)
    {
        const string name = "synthetic images";
        _stages.Run("data-synthetic", () =>
        {
            data.WriteSynthetic(P("data/synthetic"), Sizes[0], protocol.SyntheticPhantoms,
                Seed.Derive(_seed, ExperimentStreams.SyntheticImages), reporter.Stage(name), ct);
            reporter.Report(name, 1);
            return true;
        });
        foreach (var n in Sizes.Skip(1))
            _stages.Run($"data-synthetic-{n}", () =>
            {
                ExperimentDatasets.WriteSubset(P("data/synthetic"), P($"data/synthetic-{n}"), items => items.Take(n),
                    SplitName.Train);
                return true;
            });
    }

    /// <summary>
    /// Stage 2: cinematic renders — S scenes × the four presets (fine-tuning), the rendered test scenes, and unless
    /// in demo mode Table 3's subsets and the unseen domain (when no test folder is given).
    /// </summary>
    private void WriteCinematicSets(ExperimentDatasets data, ExperimentProtocol protocol,
        VolumeLooks unseenPresets, StageReporter reporter, CancellationToken ct)
    {
        void Render(string stage, string folder, int scenes, IReadOnlyList<int> phantoms,
            VolumeLooks presets, int presetsPerView, long stream, SplitName split, string name) =>
            _stages.Run(stage, () =>
            {
                data.WriteCinematic(P(folder), scenes, phantoms, presets, presetsPerView, Seed.Derive(_seed, stream),
                    split, reporter.Stage(name), ct);
                reporter.Report(name, 1);
                return true;
            });

        Render("data-cinematic", "data/cinematic", _scale.FineTuneScenes, protocol.FineTunePhantoms, Four, 0,
            ExperimentStreams.FineTuningRenders, SplitName.Train, "cinematic renders (4 presets)");
        Render("data-test-rendered", "data/test-rendered", _scale.TestScenes, protocol.TestPhantoms, Four, 0,
            ExperimentStreams.TestRenders, SplitName.Test, "test renders");
        if (_demo) return;
        _stages.Run("data-cinematic-1x", () =>
        {
            ExperimentDatasets.WriteSubset(P("data/cinematic"), P("data/cinematic-1x"),
                items => items.Where(i => i.PresetId == Four[0].Name), SplitName.Train);
            return true;
        });
        _stages.Run("data-cinematic-4x", () =>
        {
            ExperimentDatasets.WriteSubset(P("data/cinematic"), P("data/cinematic-4x"), items =>
            {
                var scenes = items.Select(i => i.SceneId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .Take(Quarter).ToHashSet(StringComparer.Ordinal);
                return items.Where(i => scenes.Contains(i.SceneId));
            }, SplitName.Train);
            return true;
        });
        if (_testFolder is null)
            Render("data-test-unseen", "data/test-unseen", _scale.UnseenScenes, protocol.UnseenPhantoms,
                unseenPresets, 1, ExperimentStreams.UnseenRenders, SplitName.Test, "unseen-domain renders");
    }

    /// <summary>
    /// Stage 3: pre-training on each synthetic size and fine-tuning on the four presets' renders, then (unless in demo
    /// mode) Table 3's fine-tuning on one rendering per scene and on four renderings of a quarter of the scenes.
    /// </summary>
    private List<LossCurve> TrainModels(StageReporter reporter, CancellationToken ct)
    {
        Directory.CreateDirectory(P("models"));
        var curves = new List<LossCurve>();
        var trainer = _parts.Trainer;
        var epochs = _scale.FineTuneEpochs;
        foreach (var n in Sizes)
        {
            var pretrained = P($"models/pretrain-{n}.model");
            var loss = _stages.Run($"train-{n}", () => trainer.Train(SyntheticRoot(n), pretrained,
                _scale.PretrainEpochs, Seed.Derive(_seed, ExperimentStreams.Pretraining, n),
                reporter.Stage($"pre-train on {n}"), ct).ToList());
            curves.Add(new LossCurve($"pre-train {n}", loss));
            var ft = _stages.Run($"finetune-{n}", () => trainer.FineTune(pretrained, P("data/cinematic"),
                P($"models/finetune-{n}.model"), epochs, Seed.Derive(_seed, ExperimentStreams.FineTuning, n),
                reporter.Stage($"fine-tune {n} on 4×{_scale.FineTuneScenes}"), ct).ToList());
            curves.Add(new LossCurve($"fine-tune {n} (4 × {_scale.FineTuneScenes})", ft));
        }
        if (_demo) return curves;
        var size = Sizes[0];
        var table3Sets = new[]
        {
            ("1x", P("data/cinematic-1x"), $"1 × {_scale.FineTuneScenes}", ExperimentStreams.FineTuningOneRendering),
            ("4x", P("data/cinematic-4x"), $"4 × {Quarter}", ExperimentStreams.FineTuningFourRenderings),
        };
        foreach (var (tag, root, label, stream) in table3Sets)
        {
            var ft = _stages.Run($"finetune-{size}-{tag}", () => trainer.FineTune(P($"models/pretrain-{size}.model"),
                root, P($"models/finetune-{size}-{tag}.model"), epochs, Seed.Derive(_seed, stream),
                reporter.Stage($"fine-tune {label}"), ct).ToList());
            curves.Add(new LossCurve($"fine-tune {size} ({label})", ft));
        }
        return curves;
    }

    /// <summary>
    /// Stage 4: Tables 1–3 — the models, the baselines (fitted on the fine-tuning set) and the superpixel oracle
    /// — and the error-vs-size points.
    /// </summary>
    private (List<ResultTable> Tables, List<SizePoint> SizePoints) EvaluateModels(StageReporter reporter,
        CancellationToken ct)
    {
        var trainer = _parts.Trainer;
        var eval = new ExperimentEvaluation(_stages, P("models"), trainer,
            trainer.OracleSettings ?? PaperParts.CnnCrfSettings(_scale), P("data/cinematic"),
            _scale.FineTuneScenes * Four.Count, reporter.Stage, ct);
        var (table1, sizePoints) = Table1(eval, Sizes, Four.Count);
        var tables = new List<ResultTable> { table1 };
        if (!_demo) tables.AddRange(UnseenTables(eval, Sizes, Four.Count, Quarter, UnseenRoot));
        return (tables, sizePoints);
    }

    /// <summary>Stage 5: the figures, results.json and the report.</summary>
    private ExperimentResults WriteReport(ExperimentProtocol protocol, VolumeLooks unseenPresets,
        List<ResultTable> tables, List<LossCurve> curves, List<SizePoint> sizePoints, StageReporter reporter,
        CancellationToken ct)
    {
        const string name = "figures and report";
        reporter.Report(name, 0);
        var figures = WriteFigures(Sizes[0], _demo ? null : UnseenRoot, ct);
        var results = new ExperimentResults
        {
            Scale = _scale.Name,
            Seed = _seed,
            Backend = _parts.Description,
            Tables = tables,
            LossCurves = curves,
            SizeCurve = sizePoints,
            Figures = figures,
            Settings = Settings(protocol, unseenPresets),
            Notes = Notes,
        };
        var all = ReportWriter.Write(_root, results);
        results = results with { Figures = all };
        results.Save(P(ExperimentResults.FileName));
        reporter.Report(name, 1);
        return results;
    }

    /// <summary>The settings table of the report: counts, sizes, seeds and presets as run.</summary>
    private Dictionary<string, string> Settings(ExperimentProtocol protocol, VolumeLooks unseen) =>
        new()
        {
            ["image size"] = $"{_scale.Width}×{_scale.Height}, "
                + $"fisheye {_scale.FieldOfViewDegrees.ToString(CultureInfo.InvariantCulture)}°",
            ["pre-training sizes"] = string.Join(", ", Sizes.Select(N)),
            ["pre-training epochs"] = N(_scale.PretrainEpochs),
            ["fine-tuning"] = $"{_scale.FineTuneScenes} scenes × {Four.Count} presets "
                + $"({string.Join(", ", Four.Select(p => p.Name))}), {_scale.FineTuneEpochs} epochs",
            ["phantom seeds"] = $"synthetic {Span(protocol.SyntheticPhantoms)}; "
                + $"fine-tuning {Span(protocol.FineTunePhantoms)}; test {Span(protocol.TestPhantoms)}; "
                + $"unseen {Span(protocol.UnseenPhantoms)}",
            ["seed"] = _seed.ToString(CultureInfo.InvariantCulture),
            ["unseen presets"] = string.Join(", ", unseen.Select(p => p.Name)),
            ["estimator"] = _parts.Trainer.Description,
        };

    /// <summary>The report's remarks on the protocol and the measures.</summary>
    private static readonly IReadOnlyList<string> Notes =
    [
        "Each phantom seed has one role (protocol.json): training, fine-tuning and test scenes never share a phantom, "
        + "so no test view lies near a training view along a centerline.",
        "Smaller pre-training sets are the first items of the largest one; the 1 × N and 4 × N/4 fine-tuning sets "
        + "are subsets of the 4 × N renders.",
        "rms is in millimetres; the paper does not state its rms unit, so compare its rms column by trend only.",
        "Every table ends with three baselines fitted on the train split of the fine-tuning set (constant: its mean "
        + "valid depth; prior: its per-pixel mean depth; shading: d = k/√(L_blur + 10⁻⁴)) and the oracle, "
        + "a ceiling: each superpixel of the CNN-CRF's segmentation filled with its mean ground truth. "
        + "A model must beat the baselines to have learned depth.",
        "\"rel (median)\" scales each prediction by median(gt)/median(pred) over its valid pixels before the errors "
        + "are pooled; the other columns are unaligned, as in the paper.",
    ];

    /// <summary>Reports a run's progress under stage names.</summary>
    private sealed class StageReporter(IProgress<StageProgress>? progress)
    {
        /// <summary>A progress sink for the fraction done of stage <paramref name="name"/>.</summary>
        public ProgressRelay<double> Stage(string name) =>
            new ProgressRelay<double>(f => progress?.Report(new StageProgress(name, f)));

        /// <summary>Reports stage <paramref name="name"/> at fraction <paramref name="fraction"/>.</summary>
        public void Report(string name, double fraction) => progress?.Report(new StageProgress(name, fraction));
    }

    /// <summary>A row of our errors beside the paper's corresponding row (none when null).</summary>
    private static TableRow Row(string method, string training, string fineTuning, TestSetErrors errors,
        PaperRow? paper) =>
        TableRow.Of(method, training, fineTuning, errors, paper?.Values, paper?.Training, paper?.FineTuning);

    /// <summary>
    /// The paper's row <paramref name="index"/> for our pre-training size <paramref name="size"/>: the paper ran two
    /// sizes, so our further sizes have none.
    /// </summary>
    private static PaperRow? PaperRowAt(IReadOnlyList<PaperRow> table, int size, int index) =>
        size < 2 ? table[index] : null;

    /// <summary>Table 1 (rendered test scenes) and the error-vs-size points.</summary>
    private (ResultTable Table, List<SizePoint> Points) Table1(ExperimentEvaluation eval, IReadOnlyList<int> sizes,
        int presets)
    {
        var (preMethod, ftMethod) = MethodNames();
        var rows = new List<TableRow>();
        var points = new List<SizePoint>();
        var testRoot = P("data/test-rendered");
        for (var s = 0; s < sizes.Count; s++)
        {
            var pre = eval.Model($"pretrain-{sizes[s]}", testRoot, "rendered");
            var ft = eval.Model($"finetune-{sizes[s]}", testRoot, "rendered");
            rows.Add(Row(preMethod, N(sizes[s]), "None", pre, PaperRowAt(PaperNumbers.Table1, s, 2 * s)));
            rows.Add(Row(ftMethod, N(sizes[s]), N(_scale.FineTuneScenes * presets), ft,
                PaperRowAt(PaperNumbers.Table1, s, 2 * s + 1)));
            points.Add(new SizePoint(preMethod, sizes[s], pre.Ours));
            points.Add(new SizePoint(ftMethod, sizes[s], ft.Ours));
        }
        if (_pretrained is not null) rows.Add(TableRow.Of(PretrainedMethod, "18,000", "None",
            eval.Ready(_pretrained, "shipped", testRoot, "rendered")));
        rows.AddRange(eval.ReferenceRows(testRoot, "rendered"));
        var testSet = $"{_scale.TestScenes} views of {_scale.TestPhantoms} held-out phantom(s) × the four presets; " +
            $"{eval.ReferenceNote}";
        return (new ResultTable("table1", "Table 1: cinematically rendered test scenes", testSet, rows), points);
    }

    /// <summary>Tables 2 (an unseen domain) and 3 (one vs four renderings), both on the unseen test set.</summary>
    private IEnumerable<ResultTable> UnseenTables(ExperimentEvaluation eval, IReadOnlyList<int> sizes, int presets,
        int quarter, string unseenRoot)
    {
        var (preMethod, ftMethod) = MethodNames();
        var unseenName = _testFolder is null ? $"{_scale.UnseenScenes} views of {_scale.UnseenPhantoms} other " +
            $"phantom(s) under {_scale.UnseenPresets} presets outside the four" : $"the test split of {_testFolder}";
        var testSet = $"{unseenName}; {eval.ReferenceNote}";
        var references = eval.ReferenceRows(unseenRoot, "unseen");
        var t2 = new List<TableRow>();
        for (var s = 0; s < sizes.Count; s++)
        {
            t2.Add(Row(preMethod, N(sizes[s]), "None", eval.Model($"pretrain-{sizes[s]}", unseenRoot, "unseen"),
                PaperRowAt(PaperNumbers.Table2, s, 2 * s)));
            t2.Add(Row(ftMethod, N(sizes[s]), N(_scale.FineTuneScenes * presets),
                eval.Model($"finetune-{sizes[s]}", unseenRoot, "unseen"),
                PaperRowAt(PaperNumbers.Table2, s, 2 * s + 1)));
        }
        if (_pretrained is not null) t2.Add(TableRow.Of(PretrainedMethod, "18,000", "None",
            eval.Ready(_pretrained, "shipped", unseenRoot, "unseen")));
        yield return new ResultTable("table2", "Table 2: a test domain the training never saw", testSet,
            [.. t2, .. references]);
        yield return new ResultTable("table3", "Table 3: fine-tuning with one vs four renderings per scene", testSet,
        [
            Row($"{ftMethod} (1 × {_scale.FineTuneScenes} Rendering)", N(sizes[0]), N(_scale.FineTuneScenes),
                eval.Model($"finetune-{sizes[0]}-1x", unseenRoot, "unseen"), PaperNumbers.Table3[0]),
            Row($"{ftMethod} (4 × {quarter} Renderings)", N(sizes[0]), N(quarter * 4),
                eval.Model($"finetune-{sizes[0]}-4x", unseenRoot, "unseen"), PaperNumbers.Table3[1]),
            .. references,
        ]);
    }

    /// <summary>
    /// Errors (Core's metrics, pooled over all valid pixels: the paper's N) of an estimator on the test split of a
    /// dataset folder (all items when it has no test split), unaligned and with per-image median alignment.
    /// </summary>
    public static TestSetErrors Evaluate(IDepthEstimator estimator, string testRoot, IProgress<double>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return Evaluate((image, camera, _, c) => estimator.Estimate(image, camera, c), testRoot, progress, ct);
    }

    /// <summary>
    /// <see cref="Evaluate(IDepthEstimator, string, IProgress{double}?, CancellationToken)"/> for a predictor that may
    /// read the ground truth (the oracle): each image (with its item's camera, when recorded) is predicted once and
    /// both accumulators see the prediction.
    /// </summary>
    public static TestSetErrors Evaluate(Func<ImageF, CameraModel?, DepthMap, CancellationToken, DepthMap> predict,
        string testRoot, IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(predict);
        var folder = new DatasetFolder(testRoot);
        var items = TestItems(folder);
        var unaligned = new MetricsAccumulator();
        var median = new MetricsAccumulator(new MetricsOptions { Alignment = DepthAlignment.Median });
        for (var i = 0; i < items.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var truth = folder.LoadDepth(items[i]);
            var prediction = predict(folder.LoadImage(items[i]), folder.LoadCamera(items[i]), truth, ct);
            unaligned.Add(prediction, truth);
            median.Add(prediction, truth);
            progress?.Report((i + 1.0) / items.Count);
        }
        return new TestSetErrors(MetricValues.From(unaligned.Result(MetricsAggregation.AllPixels)),
            MetricValues.From(median.Result(MetricsAggregation.AllPixels)));
    }

    private static IReadOnlyList<DatasetItem> TestItems(DatasetFolder folder)
    {
        var test = folder.ReadSplit(SplitName.Test);
        return test.Count > 0 ? test : folder.ReadManifest();
    }

    private List<FigureRef> WriteFigures(int size, string? unseenRoot, CancellationToken ct)
    {
        var figures = new List<FigureRef>();
        var synth = new DatasetFolder(P("data/synthetic"));
        var cine = new DatasetFolder(P("data/cinematic"));
        var test = new DatasetFolder(P("data/test-rendered"));
        var synthItems = synth.ReadManifest().Take(3).ToList();
        var cineItems = cine.ReadManifest();
        var firstScene = cineItems.Where(i => i.SceneId == cineItems[0].SceneId).ToList();
        var rows = new List<(string, IReadOnlyList<Panel>)>
        {
            ("synthetic", synthItems.SelectMany(i => new[] { Panel.Of(synth.LoadImage(i)),
                Panel.OfDepth(synth.LoadDepth(i)) }).ToList()),
            ("cinematic", firstScene.Select(i => Panel.Of(cine.LoadImage(i)))
                .Append(Panel.OfDepth(cine.LoadDepth(firstScene[0]))).ToList()),
        };
        var testFolders = new List<(string Label, DatasetFolder Folder)> { ("test (rendered)", test) };
        if (unseenRoot is not null) testFolders.Add(("test (unseen)", new DatasetFolder(unseenRoot)));
        foreach (var (label, folder) in testFolders)
            rows.Add((label, TestItems(folder).Take(3)
                .SelectMany(i => new[] { Panel.Of(folder.LoadImage(i)), Panel.OfDepth(folder.LoadDepth(i)) })
                    .ToList()));
        Directory.CreateDirectory(P(ReportWriter.FiguresFolder));
        FigureGrid.Write(P("figures/fig2_examples.png"), [], rows);
        figures.Add(new FigureRef("figures/fig2_examples.png",
            "Like the paper's Fig. 2: synthetic images with their depth; one scene's cinematic renders under the four "
            + "presets with their shared depth; test images with depth (one depth colour scale)."));

        var pre = _parts.Trainer.Load(P($"models/pretrain-{size}.model"));
        var ft = _parts.Trainer.Load(P($"models/finetune-{size}.model"));
        var predRows = new List<(string, IReadOnlyList<Panel>)>();
        foreach (var (label, folder) in testFolders)
            foreach (var item in TestItems(folder).Where((_, i) => i % 5 == 0).Take(2))
            {
                ct.ThrowIfCancellationRequested();
                var image = folder.LoadImage(item);
                var camera = folder.LoadCamera(item);
                var gt = folder.LoadDepth(item);
                var a = pre.Estimate(image, camera, ct);
                var b = ft.Estimate(image, camera, ct);
                var c = _pretrained?.Estimate(image, camera, ct);
                List<Panel> panels = [Panel.Of(image), Panel.OfDepth(gt), Panel.OfDepth(a), Panel.OfDepth(b)];
                if (c is not null) panels.Add(Panel.OfDepth(c));
                panels.AddRange([Panel.OfError(FigureGrid.AbsoluteError(a, gt)),
                    Panel.OfError(FigureGrid.AbsoluteError(b, gt))]);
                if (c is not null) panels.Add(Panel.OfError(FigureGrid.AbsoluteError(c, gt)));
                predRows.Add((label, panels));
            }
        var (preName, ftName) = MethodNames();
        string[] columns = _pretrained is null
            ? ["input", "ground truth", preName, ftName, $"|err| {preName}", "|err| FT"]
            : ["input", "ground truth", preName, ftName, "shipped", $"|err| {preName}", "|err| FT", "|err| shipped"];
        FigureGrid.Write(P("figures/fig4_predictions.png"), columns, predRows);
        var shipped = _pretrained is null ? "" : ", the pretrained model shipped with EndoDepth,";
        figures.Add(new FigureRef("figures/fig4_predictions.png",
            $"Like the paper's Fig. 4: input, ground truth, prediction of the model pre-trained on {N(size)} " +
            $"synthetic images without and with fine-tuning{shipped} and their absolute errors (depth cells share " +
            $"one colour scale; error cells another)."));
        return figures;
    }

    /// <summary>
    /// Row names: the trainer's <see cref="IEstimatorTrainer.MethodName"/> (the paper's "CNN-CRF") and the same with
    /// "-FT".
    /// </summary>
    private (string Pre, string FineTuned) MethodNames() =>
        (_parts.Trainer.MethodName, _parts.Trainer.MethodName + "-FT");

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Span(IReadOnlyList<int> seeds) =>
        seeds.Count == 0 ? "—" : seeds.Count == 1 ? N(seeds[0]) : $"{seeds[0]}–{seeds[^1]}";
}
