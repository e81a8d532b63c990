using EndoDepth.Crf;
using System.CommandLine;
using EndoDepth.Experiments;
using EndoDepth.Experiments.Report;
using EndoDepth.Datasets;
using EndoDepth.Datasets.Importers;
using EndoDepth.Geometry.Calibration;
using EndoDepth.Experiments.Results;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `demo`, `experiment` and `import` commands: the paper's protocol, and public datasets.</summary>
internal static class ExperimentCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [Demo(), Experiment(), Import()];

    private static Command Demo()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Output folder (datasets, models, figures, report).", Required = true,
        };
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 7 };
        var cmd = new Command("demo",
            "The whole pipeline on the embedded phantom in minutes: synthetic set → pre-train → cinematic " +
            "renders (4 presets) → fine-tune → evaluate both on held-out scenes → report.") { output, seed };
        cmd.SetAction((r, ct) => Task.FromResult(RunExperiment(PaperParts.Create(ExperimentScale.Demo),
            ExperimentScale.Demo, r.GetValue(output)!, r.GetValue(seed), null, demo: true, ct)));
        return cmd;
    }

    private static Command Experiment()
    {
        var scale = new Option<string>("--scale") { Description = "small, medium or paper (200,000/100,000 " +
            "synthetic, 300 scenes × 4 renders, 200 epochs).", DefaultValueFactory = _ => "small" };
        var output = new Option<string>("--out", "-o") { Description = "Output folder; re-running resumes it.",
            Required = true };
        var seed = new Option<int>("--seed") { Description = "Master seed (every stage's seed derives from it).",
            DefaultValueFactory = _ => 7 };
        var test = new Option<string?>("--test") { Description = "A dataset folder (e.g. from `endodepth import`) " +
            "for Tables 2–3 instead of the generated unseen domain." };
        var cmd = new Command("experiment",
            "The paper's Tables 1–3 (rendered test scenes, an unseen domain, one vs four renderings) at a " +
            "chosen scale, with figures and report.") { scale, output, seed, test };
        cmd.SetAction((r, ct) => Task.FromResult(RunExperiment(
            PaperParts.Create(ExperimentScale.ByName(r.GetValue(scale)!)), ExperimentScale.ByName(r.GetValue(scale)!),
            r.GetValue(output)!, r.GetValue(seed), r.GetValue(test), demo: false, ct)));
        return cmd;
    }

    /// <summary>The pretrained model shipped with EndoDepth, or null when this build carries none.</summary>
    private static DepthEstimator? ShippedModel()
    {
        try { return DepthEstimator.LoadDefault(); }
        catch (ModelFileException) { return null; }
    }

    private static int RunExperiment(ExperimentParts parts, ExperimentScale scale, string output, int seed,
        string? test, bool demo, CancellationToken ct)
    {
        if (test is not null && !Directory.Exists(test))
            throw new DirectoryNotFoundException($"{test}: no such folder.");
        using var shipped = ShippedModel();
        var runner = new ExperimentRunner(parts, scale, output, seed, test, demo, shipped);
        AnsiConsole.MarkupLine($"[bold]EndoDepth {(demo ? "demo" : "experiment")}[/] — scale {scale.Name}, seed " +
            $"{seed}; {Markup.Escape(parts.Description)}");
        var started = DateTime.UtcNow;
        ExperimentResults? results = null;
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var gate = new object();
                results = runner.Run(new SyncProgress<StageProgress>(p =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task))
                            tasks[p.Stage] = task = ctx.AddTask(Markup.Escape(p.Stage), maxValue: 1.0);
                        task.Value = Math.Clamp(p.Fraction, 0, 1);
                    }
                }), ct);
                foreach (var t in tasks.Values) t.Value = t.MaxValue;
            });
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
        var table = new Table().Title("Results (ours | the paper's)")
            .AddColumns("Table", "Method", "Train", "FT", "rel", "log10", "rms mm", "δ1", "med rel", "paper rel",
                "log10", "rms");
        foreach (var t in results!.Tables)
            foreach (var row in t.Rows)
                table.AddRow(t.Id, Markup.Escape(row.Method), row.Training, row.FineTuning, F(row.Ours.Rel),
                    F(row.Ours.Log10), F(row.Ours.Rms, 2), F(row.Ours.Delta1), F(row.Median?.Rel), F(row.Paper?.Rel),
                    F(row.Paper?.Log10), F(row.Paper?.Rms));
        AnsiConsole.Write(table);
        var root = Path.GetFullPath(output);
        AnsiConsole.MarkupLine($"Report: [link]{Markup.Escape(Path.Combine(root, ReportWriter.HtmlFileName))}[/] and " +
            $"{Markup.Escape(Path.Combine(root, ReportWriter.MarkdownFileName))} " +
            $"({(DateTime.UtcNow - started).TotalSeconds:F0} s)");
        return 0;
    }

    private static string F(double? v, int digits = 3) =>
        v is { } x && double.IsFinite(x) ? x.ToString("F" + digits,
            System.Globalization.CultureInfo.InvariantCulture) : "—";

    private static Command Import()
    {
        var import = new Command("import",
            "Convert a public endoscopy depth dataset into an EndoDepth dataset folder " +
            "(then `endodepth evaluate` works on it).");
        import.Subcommands.Add(ImportFormat("simcol3d",
            "SimCol3D: Frames_*/FrameBuffer_NNNN.png + 16-bit Depth_NNNN.png (mm = v·200/65280, 0–20 cm).",
            () => new SimCol3DImporter()));
        import.Subcommands.Add(ImportFormat("c3vd",
            "C3VD: NNNN_color.png + 16-bit NNNN_depth.tiff (mm = v/65535·100; 0 and 65535 invalid).",
            () => new C3vdImporter()));
        return import;
    }

    private static Command ImportFormat(string name, string description, Func<PublicDatasetImporter> create)
    {
        var src = new Argument<string>("SRC") { Description = "The dataset folder as downloaded." };
        var output = new Option<string>("--out", "-o") { Description = "Output dataset folder.", Required = true };
        var split = new Option<string>("--split") { Description = "Split for all sequences: test (default), train, " +
            "val, or hash (80/10/10 by sequence).", DefaultValueFactory = _ => "test" };
        var stride = new Option<int>("--stride") { Description = "Keep every k-th frame of each sequence.",
            DefaultValueFactory = _ => 1 };
        var limit = new Option<int?>("--limit") { Description = "At most this many frames." };
        var calibration = new Option<string?>("--calibration")
        {
            Description = "Camera calibration file (EndoDepth or OpenCV-style JSON, or C3VD's key=value intrinsics; " +
                "docs/cameras.md) recorded for every frame instead of the nominal camera.",
        };
        var force = CommandRunner.Force();
        var cmd = new Command(name, description) { src, output, split, stride, limit, calibration, force };
        cmd.SetAction((r, ct) =>
        {
            var options = new ImportOptions
            {
                Split = r.GetValue(split) switch
                {
                    "test" => SplitName.Test,
                    "train" => SplitName.Train,
                    "val" => SplitName.Val,
                    "hash" => null,
                    var s => throw new CommandLineException($"--split must be test, train, val or hash, not '{s}'."),
                },
                Stride = r.GetValue(stride),
                Limit = r.GetValue(limit),
                Camera = r.GetValue(calibration) is { } file ? CameraRecord.From(CameraCalibration.Load(file)) : null,
            };
            var importer = create();
            var frames = importer.Discover(r.GetValue(src)!);
            if (r.GetValue(force)) new DatasetFolder(r.GetValue(output)!).StartOver();
            ImportSummary? summary = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"import {name}",
                        maxValue: Math.Min(frames.Count, options.Limit ?? int.MaxValue));
                    summary = importer.Import(r.GetValue(src)!, r.GetValue(output)!, options,
                        new Progress<int>(n => task.Value = n), ct);
                    task.Value = task.MaxValue;
                });
            AnsiConsole.MarkupLine($"[green]{summary!.Items}[/] frames from [green]{summary.Sequences}[/] sequences " +
                $"→ {Markup.Escape(summary.Root)} ({summary.Reused} reused)");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
