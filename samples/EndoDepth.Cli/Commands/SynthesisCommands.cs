using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.Volumes;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Synthetic;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `synth` and `phantom` commands: synthetic endoscope datasets and colon phantoms.</summary>
internal static class SynthesisCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [Synth(), PhantomCommand()];

    private static Option<ComputeBackend> BackendOption() => new("--backend")
    {
        Description = "Kernel launcher: Auto (CUDA when present, else ParallelFor), Cuda, IlgpuCpu or ParallelFor.",
        DefaultValueFactory = _ => ComputeBackend.Auto,
    };

    private static Command Synth()
    {
        var count = new Option<int>("--count") { Description = "Number of items (over all shards).", Required = true };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"--count {r.GetValueOrDefault<int>()}: must be at least 1.");
        });
        var size = new Option<string>("--size") { Description = "Image size WxH.",
            DefaultValueFactory = _ => "256x256" };
        var seed = new Option<int>("--seed") { Description = "Run seed: item i depends only on (seed, i).",
            DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out", "-o") { Description = "Output dataset folder.", Required = true };
        var shard = new Option<string>("--shard") { Description = "Shard i/k (zero-based) of the items to write.",
            DefaultValueFactory = _ => "0/1" };
        var fov = new Option<float>("--fov") { Description = "Horizontal field of view in degrees.",
            DefaultValueFactory = _ => 140f };
        var pinhole = new Option<bool>("--pinhole") { Description = "Pinhole projection instead of the wide-angle " +
            "equidistant fisheye." };
        var perPhantom = new Option<int>("--views-per-phantom")
        {
            Description = "Consecutive items sharing one phantom.", DefaultValueFactory = _ => 250,
        };
        var backend = BackendOption();
        var testFraction = SplitOptions.TestFraction("phantoms");
        var splitSeed = SplitOptions.SplitSeed();
        var force = CommandRunner.Force();
        var cmd = new Command("synth",
            "Render a synthetic dataset: grey PNGs, float32 z-depth .npy (mm), a manifest and a phantom-level " +
            "splits.json (resumable; Ctrl-C and rerun finishes it).")
        {
            count, size, seed, output, shard, fov, pinhole, perPhantom, testFraction, splitSeed, backend, force,
        };
        cmd.SetAction((r, ct) =>
        {
            var (w, h) = ParseSize(r.GetValue(size)!);
            var settings = new SyntheticDatasetSettings
            {
                Count = r.GetValue(count), Width = w, Height = h, Seed = r.GetValue(seed),
                FieldOfViewDegrees = r.GetValue(fov),
                Projection = r.GetValue(pinhole) ? ProjectionKind.Pinhole : ProjectionKind.EquidistantFisheye,
                ViewsPerPhantom = r.GetValue(perPhantom),
                TestFraction = r.GetValue(testFraction), SplitSeed = r.GetValue(splitSeed),
            };
            var sh = DatasetShard.Parse(r.GetValue(shard)!);
            using var device = new ComputeDevice(r.GetValue(backend));
            var generator = new SyntheticDatasetGenerator(settings, device);
            var folder = new DatasetFolder(r.GetValue(output)!);
            if (r.GetValue(force)) folder.StartOver();
            var written = 0;
            var started = DateTime.UtcNow;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"synth {sh.Index}/{sh.Count}");
                    written = generator.Generate(folder, sh, new Progress<(int Done, int Total)>(p =>
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }), ct);
                    task.Value = task.MaxValue;
                });
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                $"[green]{written}[/] items written to {Markup.Escape(folder.Root)} in {seconds:F1} s " +
                $"({written / Math.Max(seconds, 1e-3):F1} items/s, {device.Backend})");
            SplitOptions.PrintSummary(folder);
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static Command PhantomCommand()
    {
        var seed = new Option<int>("--seed") { Description = "Phantom seed.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out", "-o") { Description = "Output folder.", Required = true };
        var length = new Option<float>("--length") { Description = "Centerline length (mm).",
            DefaultValueFactory = _ => 240f };
        var spacing = new Option<float>("--ct-spacing") { Description = "CT voxel spacing (mm); grows if the volume " +
            "would exceed 256 voxels per axis.", DefaultValueFactory = _ => 1f };
        var noise = new Option<float>("--ct-noise") { Description = "CT noise σ (HU).",
            DefaultValueFactory = _ => 0f };
        var cmd = new Command("phantom",
            "Write a procedural colon phantom: CT volume (ct.nii.gz, HU), centerline (centerline.json/.csv) " +
            "and surface (surface.obj).")
        {
            seed, output, length, spacing, noise,
        };
        cmd.SetAction((r, ct) =>
        {
            var dir = Path.GetFullPath(r.GetValue(output)!);
            Directory.CreateDirectory(dir);
            var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = r.GetValue(length) },
                r.GetValue(seed));
            var volume = phantom.CreateCtVolume(new ColonCtSettings { SpacingMm = r.GetValue(spacing),
                NoiseHu = r.GetValue(noise) }, ct);
            NiftiFile.Write(Path.Combine(dir, "ct.nii.gz"), volume);
            phantom.Centerline.WriteJson(Path.Combine(dir, "centerline.json"));
            phantom.Centerline.WriteCsv(Path.Combine(dir, "centerline.csv"));
            SurfaceMesh.WriteObj(phantom, Path.Combine(dir, "surface.obj"));
            var info = new Dictionary<string, object>
            {
                ["id"] = phantom.Id, ["seed"] = phantom.Seed, ["length_mm"] = phantom.Centerline.LengthMm,
                ["folds"] = phantom.Folds.Count, ["polyps"] = phantom.Polyps.Count,
                ["ct_size"] = new[] { volume.Nx, volume.Ny, volume.Nz }, ["ct_spacing_mm"] = volume.Spacing.X,
                ["ct_origin_mm"] = new[] { volume.Origin.X, volume.Origin.Y, volume.Origin.Z },
            };
            AtomicFile.WriteAllText(Path.Combine(dir, "phantom.json"), JsonSerializer.Serialize(info, Indented));
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                $"{phantom.Id}: {phantom.Folds.Count} fold lobes, {phantom.Polyps.Count} polyps, CT " +
                $"{volume.Nx}×{volume.Ny}×{volume.Nz} at {volume.Spacing.X:F2} mm → {Markup.Escape(dir)}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static (int Width, int Height) ParseSize(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture,
            out var w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h) || w < 1 || h < 1)
            throw new CommandLineException($"--size must be WxH with positive integers (e.g. 256x256), got '{text}'.");
        return (w, h);
    }
}
