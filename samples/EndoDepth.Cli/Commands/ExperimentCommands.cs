using System.CommandLine;
using EndoDepth.Cli.Importers;
using EndoDepth.Datasets;
using EndoDepth.Datasets.Importers;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `demo`, `experiment` and `import` commands (experiments issue).</summary>
internal static class ExperimentCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [Import()];

    private static Command Import()
    {
        var import = new Command("import", "Convert a public endoscopy depth dataset into an EndoDepth dataset folder (then `endodepth evaluate` works on it).");
        import.Subcommands.Add(ImportFormat("simcol3d", "SimCol3D: Frames_*/FrameBuffer_NNNN.png + 16-bit Depth_NNNN.png (mm = v·200/65280, 0–20 cm).",
            () => new SimCol3DImporter()));
        import.Subcommands.Add(ImportFormat("c3vd", "C3VD: NNNN_color.png + 16-bit NNNN_depth.tiff (mm = v/65535·100; 0 and 65535 invalid).",
            () => new C3vdImporter(new LibTiffDepthDecoder())));
        return import;
    }

    private static Command ImportFormat(string name, string description, Func<PublicDatasetImporter> create)
    {
        var src = new Argument<string>("SRC") { Description = "The dataset folder as downloaded." };
        var output = new Option<string>("--out") { Description = "Output dataset folder.", Required = true };
        var split = new Option<string>("--split") { Description = "Split for all sequences: test (default), train, val, or hash (80/10/10 by sequence).", DefaultValueFactory = _ => "test" };
        var stride = new Option<int>("--stride") { Description = "Keep every k-th frame of each sequence.", DefaultValueFactory = _ => 1 };
        var limit = new Option<int?>("--limit") { Description = "At most this many frames." };
        var cmd = new Command(name, description) { src, output, split, stride, limit };
        cmd.SetAction(r =>
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
            };
            var importer = create();
            var frames = importer.Discover(r.GetValue(src)!);
            ImportSummary? summary = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"import {name}", maxValue: Math.Min(frames.Count, options.Limit ?? int.MaxValue));
                    summary = importer.Import(r.GetValue(src)!, r.GetValue(output)!, options, new Progress<int>(n => task.Value = n));
                    task.Value = task.MaxValue;
                });
            AnsiConsole.MarkupLine($"[green]{summary!.Items}[/] frames from [green]{summary.Sequences}[/] sequences → {Markup.Escape(summary.Root)} ({summary.Reused} reused)");
            return 0;
        });
        return cmd;
    }
}
