using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EndoDepth.Abstractions;
using EndoDepth.Baselines;
using EndoDepth.Crf;
using EndoDepth.Crf.Baselines;
using EndoDepth.Crf.Dense;
using EndoDepth.Crf.Features;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Runtime;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Crf.Training;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.IO;
using EndoDepth.Metrics;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `train, finetune, predict, evaluate` commands: the CNN-CRF estimator and its baselines.</summary>
internal static class EstimatorCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [Train(), FineTune(), PredictCommand.Create(), Evaluate()];

    internal static readonly Option<string> DeviceOption = new("--device") { Description = "auto (CUDA when torch " +
        "reports it), cpu or cuda[:N].", DefaultValueFactory = _ => "auto" };
    internal static readonly Option<int?> ThreadsOption = new("--threads") { Description = "CPU threads for torch " +
        "(default: torch's choice)." };

    private static Option<int> Int(string name, string description, int value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };
    private static Option<double> Real(string name, string description, double value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    private static Command Train()
    {
        var data = new Option<DirectoryInfo[]>("--data")
        {
            Description = "Dataset folder(s) (manifest.jsonl; their train splits, together); "
                + "repeat --data for several.",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The model file to write.", Required = true };
        var epochs = Int("--epochs", "Epochs (paper: 200).", 200);
        var lr = Real("--lr", "Initial learning rate (paper: 0.0002), decreasing linearly after --constant-epochs.",
            2e-4);
        var constant = Int("--constant-epochs", "Epochs before the linear decrease (paper: 20).", 20);
        var momentum = Real("--momentum", "SGD momentum (paper: 0.8).", 0.8);
        var decay = Real("--weight-decay", "λθ and λβ of eq. (6) (paper: 0.0005).", 5e-4);
        var unaryKind = new Option<UnaryKind>("--unary") { Description = "Unary: Fcsp (fully convolutional + " +
            "superpixel pooling, default) or Patch (the paper's per-patch CNN).", DefaultValueFactory = _ =>
                UnaryKind.Fcsp };
        var patch = Int("--patch", "Patch side in pixels for --unary Patch (paper: 224).", 224);
        var inputSize = Int("--input-size", "Longer side the Fcsp trunk sees the image at (default 256).", 256);
        var superpixels = Int("--superpixels", "SLIC superpixels per image.", 300);
        var compactness = Real("--compactness", "SLIC compactness.", 10);
        var net = new Option<string>("--net") { Description = "Network widths: paper (conv 64-256-256-256-256, FC " +
            "4096-128-16-1), compact (conv 32-64-64-64-64, FC 256-64-16) or tiny.", DefaultValueFactory = _ =>
                "paper" };
        var target = new Option<DepthTarget>("--target") { Description = "Regression target: Log (DCNF) or Linear.",
            DefaultValueFactory = _ => DepthTarget.Log };
        var lbp = new Option<bool>("--lbp") { Description = "Add the LBP texture similarity (DCNF) to " +
            "intensity and histogram." };
        var fill = new Option<DenseFill>("--fill") { Description = "Dense output: Assignment or EdgeAware.",
            DefaultValueFactory = _ => DenseFill.Assignment };
        var seed = Int("--seed", "Seed of the initialisation, the shuffle and the augmentation.", 0);
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint file (default: OUT.ckpt); " +
            "an existing one is resumed." };
        var optimisation = OptimisationOptions.Create();
        var cmd = new Command("train", "Train the CNN-CRF depth estimator from scratch (paper §2.4).")
        {
            data, output, epochs, lr, constant, momentum, decay, unaryKind, patch, inputSize, superpixels, compactness,
            net, target, lbp, fill, seed, checkpoint, DeviceOption, ThreadsOption,
        };
        optimisation.AddTo(cmd);
        cmd.SetAction((r, ct) =>
        {
            TorchRuntime.Initialize(r.GetValue(ThreadsOption));
            var device = TorchRuntime.ParseDevice(r.GetValue(DeviceOption)!);
            var p = r.GetValue(patch);
            var netName = r.GetValue(net);
            var unary = netName switch
            {
                "paper" => new UnaryNetSettings(PatchSize: p),
                "compact" or "tiny" => UnaryNetSettings.Tiny(p),
                var other => throw new CommandLineException($"Unknown --net '{other}' (expected paper, " +
                    $"compact or tiny)."),
            };
            var size = r.GetValue(inputSize);
            var fcsp = netName switch
            {
                "paper" => new FcspNetSettings(size),
                "compact" => FcspNetSettings.Compact(size),
                _ => FcspNetSettings.Tiny(size),
            };
            var settings = new CrfModelSettings
            {
                Slic = new SlicSettings(r.GetValue(superpixels), r.GetValue(compactness)),
                Pairwise = new PairwiseSettings(UseLbp: r.GetValue(lbp)),
                UnaryKind = r.GetValue(unaryKind),
                Fcsp = fcsp,
                Unary = unary,
                Target = r.GetValue(target),
                Dense = new DenseSettings(r.GetValue(fill)),
            };
            var training = optimisation.Apply(r, new TrainingSettings(r.GetValue(epochs), r.GetValue(lr),
                r.GetValue(constant), r.GetValue(momentum),
                r.GetValue(decay), r.GetValue(decay), r.GetValue(seed)));
            training.Validate();
            using var model = CrfModel.Create(settings, r.GetValue(seed), device);
            var outPath = r.GetRequiredValue(output).FullName;
            RunTraining(model, training, r.GetRequiredValue(data).Select(d => d.FullName).ToArray(), outPath,
                r.GetValue(checkpoint)?.FullName ?? outPath + ".ckpt", ct);
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static Command FineTune()
    {
        var modelIn = new Option<FileInfo>("--model", "-m") { Description = "The pre-trained model.", Required = true };
        var data = new Option<DirectoryInfo[]>("--data")
        {
            Description = "Dataset folder(s) (e.g. cinematic renderings, several per scene); "
                + "repeat --data for several.",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The fine-tuned model file to write.",
            Required = true };
        var epochs = Int("--epochs", "Epochs.", 200);
        var lr = Real("--lr", "Initial learning rate (paper: 0.0002).", 2e-4);
        var constant = Int("--constant-epochs", "Epochs before the linear decrease.", 20);
        var momentum = Real("--momentum", "SGD momentum (paper: 0.8).", 0.8);
        var decay = Real("--weight-decay", "λθ and λβ (paper: 0.0005).", 5e-4);
        var seed = Int("--seed", "Seed of the shuffle.", 0);
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint file (default: OUT.ckpt); " +
            "an existing one is resumed." };
        var optimisation = OptimisationOptions.Create();
        var cmd = new Command("finetune",
            "Fine-tune a model: convolutional layers frozen, fully connected layers and β trained (paper).")
        {
            modelIn, data, output, epochs, lr, constant, momentum, decay, seed, checkpoint, DeviceOption, ThreadsOption,
        };
        optimisation.AddTo(cmd);
        cmd.SetAction((r, ct) =>
        {
            TorchRuntime.Initialize(r.GetValue(ThreadsOption));
            var device = TorchRuntime.ParseDevice(r.GetValue(DeviceOption)!);
            using var model = CrfModel.Load(r.GetRequiredValue(modelIn).FullName, device);
            var training = optimisation.Apply(r, new TrainingSettings(r.GetValue(epochs), r.GetValue(lr),
                r.GetValue(constant), r.GetValue(momentum),
                r.GetValue(decay), r.GetValue(decay), r.GetValue(seed),
                FreezeConvolutions: true, InitialiseOutputBias: false));
            training.Validate();
            var outPath = r.GetRequiredValue(output).FullName;
            RunTraining(model, training, r.GetRequiredValue(data).Select(d => d.FullName).ToArray(), outPath,
                r.GetValue(checkpoint)?.FullName ?? outPath + ".ckpt", ct);
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>
    /// Trains through <see cref="CrfTrainingRun"/> with progress bars (superpixels, then training), then saves the
    /// model.
    /// </summary>
    private static void RunTraining(CrfModel model, TrainingSettings training, string[] dataRoots, string outPath,
        string checkpointPath, CancellationToken ct)
    {
        var folders = dataRoots.Select(d => new DatasetFolder(d)).ToList();
        TrainingResult? result = null;
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var prep = ctx.AddTask("superpixels",
                    maxValue: Math.Max(1, folders.Sum(f => f.ReadSplit(SplitName.Train).Count)));
                ProgressTask? task = null;
                var progress = new SyncProgress<TrainingProgress>(t =>
                {
                    task ??= ctx.AddTask("training", maxValue: (double)t.Epochs * t.Steps);
                    task.Value = (double)t.Epoch * t.Steps + t.Step;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"epoch {t.Epoch + 1}/{t.Epochs} loss {t.Loss:F4} lr {t.LearningRate:G3}");
                });
                result = CrfTrainingRun.Run(model, training, folders, outPath, checkpointPath,
                    new SyncProgress<int>(n => prep.Value = n), progress, null, ct);
            });
        if (result is { ResumedFromEpoch: > 0 } r) AnsiConsole.MarkupLine($"resumed after epoch {r.ResumedFromEpoch}");
        if (result is { EpochLosses.Count: > 0 }) AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"final NLL per superpixel {result.EpochLosses[^1]:F4}"));
        Console.Out.WriteLine(outPath);
    }

    /// <summary>The prefix of `--model` values that name a baseline or the oracle instead of a model file.</summary>
    private const string BaselinePrefix = "baseline:";

    private static Command Evaluate()
    {
        var modelIn = EstimatorOptions.Models("A model file (default: the pretrained ensemble shipped with " +
            "EndoDepth), baseline:constant|prior|shading (fitted on --fit's train split) or baseline:oracle (each " +
            "superpixel's mean ground truth: a ceiling).");
        var mirrors = EstimatorOptions.Mirrors();
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder.", Required = true };
        var split = new Option<SplitName>("--split") { Description = "Split to evaluate (Train, Val, Test); without " +
            "splits.json everything is Train.", DefaultValueFactory = _ => SplitName.Test };
        var fit = new Option<DirectoryInfo?>("--fit") { Description = "Dataset folder whose train split fits a " +
            "baseline (default: --data's own train split)." };
        var superpixels = new Option<int?>("--superpixels") { Description = "SLIC superpixels per image of " +
            "baseline:oracle (default 300, the model default)." };
        var align = MetricOptions.Align();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var fill = new Option<DenseFill?>("--fill") { Description = "Dense output of a model or the oracle: " +
            "Assignment or EdgeAware (default: the model's own)." };
        var cmd = new Command("evaluate",
            "Evaluate a model or a baseline on a dataset split with the paper's metrics (rel, log10, rms) and more.")
        {
            modelIn, mirrors, data, split, fit, superpixels, align, json, fill, DeviceOption, ThreadsOption,
        };
        cmd.SetAction((r, ct) =>
        {
            var folder = new DatasetFolder(r.GetRequiredValue(data).FullName);
            var sp = r.GetValue(split);
            var items = folder.ReadSplit(sp);
            if (items.Count == 0) throw new DatasetException(folder.Root, File.Exists(
                    Path.Combine(folder.Root, DatasetFolder.SplitsFileName))
                ? $"the {sp} split is empty (see splits.json): choose another with --split Train|Val|Test" +
                  (sp == SplitName.Test ? ", or hold out test scenes when making the folder (synth and render: " +
                      "--test-fraction F needs two phantoms or volumes or more, e.g. synth --views-per-phantom K; " +
                      "--test-fraction 1 makes a whole test folder)" : "")
                : $"the {sp} split is empty: the folder has no splits.json, so every item is in Train; evaluate all " +
                  "of them with --split Train");
            var specs = r.GetValue(modelIn) ?? [];
            var fitRoot = r.GetValue(fit)?.FullName;
            using var predictor = EvaluatedModel.Open(specs, r.GetValue(mirrors), fitRoot ?? folder.Root,
                fitRoot is not null, r.GetValue(superpixels), r.GetValue(fill),
                () =>
                {
                    TorchRuntime.Initialize(r.GetValue(ThreadsOption));
                    return r.GetValue(DeviceOption)!;
                }, ct);
            var acc = new MetricsAccumulator(new MetricsOptions { Alignment = r.GetValue(align) });
            var quiet = r.GetValue(json);
            void Run(Action<int>? tick)
            {
                foreach (var item in items)
                {
                    ct.ThrowIfCancellationRequested();
                    var truth = folder.LoadDepth(item);
                    acc.Add(predictor.Predict(folder.LoadImage(item), folder.LoadCamera(item), truth, ct),
                        truth);
                    tick?.Invoke(acc.ImageCount);
                }
            }
            if (quiet) Run(null);
            else AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn())
                .Start(ctx => { var task = ctx.AddTask("evaluate", maxValue: items.Count); Run(n => task.Value = n); });
            var m = acc.Result();
            if (quiet)
            {
                var doc = MetricOptions.Json(m);
                doc["model"] = predictor.Name;
                doc["fit"] = predictor.FitRoot;
                doc["data"] = folder.Root;
                doc["split"] = sp.ToString().ToLowerInvariant();
                doc["align"] = MetricOptions.Name(r.GetValue(align));
                doc["images"] = acc.ImageCount;
                Console.Out.WriteLine(JsonSerializer.Serialize(doc));
                return Task.FromResult(0);
            }
            var t = new Table().AddColumns("metric", "value");
            t.AddRow("model", Markup.Escape(predictor.Name));
            t.AddRow("images", acc.ImageCount.ToString(CultureInfo.InvariantCulture));
            t.AddRow("rel", F(m.Rel)); t.AddRow("log10", F(m.Log10)); t.AddRow("rms (mm)", F(m.Rms));
            t.AddRow("sq_rel", F(m.SqRel)); t.AddRow("rmse_log", F(m.RmseLog));
            t.AddRow("δ < 1.25", F(m.Delta1));
            t.AddRow("δ < 1.25²", F(m.Delta2));
            t.AddRow("δ < 1.25³", F(m.Delta3));
            AnsiConsole.Write(t);
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>
    /// What `evaluate --model` names: a model file, a baseline fitted on a folder's train split, or the oracle (which
    /// reads each image's ground truth).
    /// </summary>
    private sealed class EvaluatedModel(string name, string? fitRoot,
        Func<ImageF, CameraModel?, DepthMap, CancellationToken, DepthMap> predict, IDisposable? owned) : IDisposable
    {
        /// <summary>The model file's full path, or the baseline spec as given.</summary>
        public string Name => name;

        /// <summary>The folder a baseline was fitted on (null for model files and the oracle).</summary>
        public string? FitRoot => fitRoot;

        public DepthMap Predict(ImageF image, CameraModel? camera, DepthMap truth, CancellationToken ct) =>
            predict(image, camera, truth, ct);

        public void Dispose() => owned?.Dispose();

        public static EvaluatedModel Open(string[] specs, string? mirrors, string fitRoot,
            bool fitGiven, int? superpixels, DenseFill? fill, Func<string> device, CancellationToken ct)
        {
            var baselines = specs.Count(x => x.StartsWith(BaselinePrefix, StringComparison.Ordinal));
            if (baselines == 0)
            {
                if (fitGiven || superpixels is not null) throw new CommandLineException("--fit and --superpixels " +
                    "apply to baseline:… models only.");
                var estimator = EstimatorOptions.Open(specs, mirrors, fill, device());
                var name = specs.Length == 0 ? "default" : string.Join(" + ", specs.Select(Path.GetFullPath));
                return new EvaluatedModel(name, null, (image, camera, _, c) => estimator.Estimate(image, camera, c),
                    estimator);
            }
            if (specs.Length > 1)
                throw new CommandLineException("A baseline:… model is evaluated alone (one --model).");
            if (mirrors is not null) throw new CommandLineException("--mirrors applies to models, not baselines.");
            var spec = specs[0];
            var kind = spec[BaselinePrefix.Length..];
            if (kind == "oracle")
            {
                if (fitGiven) throw new CommandLineException("baseline:oracle is not fitted: it reads each image's " +
                    "own ground truth (drop --fit).");
                var oracle = new SuperpixelOracle(new CrfModelSettings
                {
                    Slic = new SlicSettings(superpixels ?? new SlicSettings().Count),
                    Dense = new DenseSettings(fill ?? DenseFill.Assignment),
                });
                return new EvaluatedModel(spec, null, (image, _, truth, c) => oracle.Estimate(image, truth, c),
                    null);
            }
            if (superpixels is not null || fill is not null)
                throw new CommandLineException("--superpixels and --fill apply to models and baseline:oracle only.");
            BaselineKind parsed;
            try { parsed = DepthBaselines.Parse(kind); }
            catch (ArgumentException) { throw new CommandLineException($"Unknown --model '{spec}' (expected a model " +
                $"file or baseline:{string.Join('|', DepthBaselines.Names)}|oracle)."); }
            var baseline = DepthBaselines.Fit(parsed, new DatasetFolder(fitRoot), SplitName.Train, null, ct);
            return new EvaluatedModel(spec, Path.GetFullPath(fitRoot), (image, _, _, c) => baseline.Estimate(image, c),
                null);
        }
    }

    internal static string Ms(double? v) => v is { } ms ? ms.ToString("F1", CultureInfo.InvariantCulture) : "–";
    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
