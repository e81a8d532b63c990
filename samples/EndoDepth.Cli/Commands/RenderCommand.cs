using System.CommandLine;
using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Volumes;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `render` command: a cinematic dataset from a CT colonography volume.</summary>
internal static class RenderCommand
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [Render()];

    private static Command Render()
    {
        var volumeArg = new Argument<string>("VOLUME") { Description = "'phantom' (the procedural colon, seeded by " +
            "--seed), a DICOM series folder or a NIfTI file (HU)." };
        var views = new Option<int>("--views") { Description = "Number of views (scenes) along the lumen.",
            DefaultValueFactory = _ => 4 };
        var presets = new Option<int>("--presets") { Description = "Looks per view: up to 4 built-ins (pink-mucosa, " +
            "pale-glossy, red-vascular, amber-matte), more are seeded random looks.", DefaultValueFactory = _ => 4 };
        var spp = new Option<int>("--spp")
        {
            Description = "Monte Carlo paths per pixel. The default, 32 with the denoiser, meets the error of 64 raw " +
                "paths in half their time (docs/cinematic.md).",
            DefaultValueFactory = _ => CinematicSettings.DenoisedSamplesPerPixel,
        };
        var denoise = new Option<string>("--denoise")
        {
            Description = "on: filter each look's Monte Carlo estimate, guided by the path tracer's first-event " +
                "albedo and the depth pass (the depth is never filtered); off: the raw estimate (references).",
            DefaultValueFactory = _ => "on",
        };
        denoise.AcceptOnlyFromAmong("on", "off");
        var size = new Option<string>("--size") { Description = "Image size WxH.",
            DefaultValueFactory = _ => "256x256" };
        var seed = new Option<int>("--seed") { Description = "Seed of the poses, the random looks, the phantom and " +
            "the path tracer.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out", "-o") { Description = "Output dataset folder.", Required = true };
        var fov = new Option<float>("--fov") { Description = "Horizontal field of view in degrees.",
            DefaultValueFactory = _ => 140f };
        var pinhole = new Option<bool>("--pinhole") { Description = "Pinhole projection instead of the wide-angle " +
            "equidistant fisheye." };
        var threshold = new Option<float>("--depth-threshold") { Description = "Accumulated opacity that terminates " +
            "a primary ray for depth (paper: 0.5).", DefaultValueFactory = _ => 0.5f };
        var hdr = new Option<bool>("--hdr") { Description = "Also write the linear HDR radiance per look as float32 " +
            "(H, W, 3) hdr/ITEM.npy." };
        var backend = new Option<ComputeBackend>("--backend")
        {
            Description = "Kernel launcher: Auto (CUDA when present, else ParallelFor), Cuda, IlgpuCpu or ParallelFor.",
            DefaultValueFactory = _ => ComputeBackend.Auto,
        };
        var testFraction = SplitOptions.TestFraction("CT volumes (one volume: 1 makes it a test volume, less keeps " +
            "it train)");
        var splitSeed = SplitOptions.SplitSeed();
        var force = CommandRunner.Force();
        var cmd = new Command("render",
            "Cinematic rendering of a CT colonography volume: per view one RGB PNG per look, one shared z-depth "
            + ".npy (mm, opacity threshold) and the manifest (resumable; Ctrl-C and rerun finishes it).")
        {
            volumeArg, views, presets, spp, denoise, size, seed, output, fov, pinhole, threshold, hdr, testFraction,
            splitSeed, backend, force,
        };
        cmd.SetAction((r, ct) =>
        {
            var (w, h) = ParseSize(r.GetValue(size)!);
            var viewCount = r.GetValue(views);
            var presetCount = r.GetValue(presets);
            var runSeed = r.GetValue(seed);
            if (viewCount < 1) throw new CommandLineException($"--views must be ≥ 1, got {viewCount}.");
            if (presetCount < 1) throw new CommandLineException($"--presets must be ≥ 1, got {presetCount}.");
            var settings = new CinematicDatasetSettings
            {
                Views = viewCount, Width = w, Height = h, FieldOfViewDegrees = r.GetValue(fov), Seed = runSeed,
                Projection = r.GetValue(pinhole) ? ProjectionKind.Pinhole : ProjectionKind.EquidistantFisheye,
                WriteHdr = r.GetValue(hdr),
                TestFraction = r.GetValue(testFraction), SplitSeed = r.GetValue(splitSeed),
            };
            var folder = new DatasetFolder(r.GetValue(output)!);
            var source = r.GetValue(volumeArg)!;

            var (volume, volumeId) = LoadVolume(source, runSeed, ct);
            var lumen = LumenCenterline.Trace(volume, null, ct);
            var sampler = new EndoscopePoseSampler(lumen);
            using var device = new ComputeDevice(r.GetValue(backend));
            var renderer = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: r.GetValue(spp), Seed: runSeed,
                DepthThreshold: r.GetValue(threshold))
            {
                Denoiser = r.GetValue(denoise) == "on" ? new DenoiserSettings() : null,
            }, device);
            var generator = new CinematicDatasetGenerator(renderer, settings, Looks(presetCount, runSeed));
            if (r.GetValue(force)) folder.StartOver();
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                $"{Markup.Escape(volumeId)}: CT {volume.Nx}×{volume.Ny}×{volume.Nz}, lumen centerline " +
                $"{lumen.Path.LengthMm:F0} mm; {viewCount} views × {presetCount} looks at {w}×{h}, " +
                $"{renderer.Settings.SamplesPerPixel} spp{(renderer.Settings.Denoiser is null ? "" : ", denoised")}");

            var started = DateTime.UtcNow;
            var rendered = 0;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("render", maxValue: viewCount);
                    rendered = generator.Generate(folder, [Source(volumeId, volume, sampler)], DatasetShard.All,
                        new Progress<(double Done, int Total)>(p => task.Value = p.Done), ct);
                    task.Value = viewCount;
                });
            var total = folder.ReadManifest().Count; // committed by the generator, under its lock
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                $"[green]{rendered}[/] views rendered ({viewCount - rendered} already complete), manifest of {total} " +
                $"items in {Markup.Escape(folder.Root)}; {seconds:F1} s ({device.Backend})");
            SplitOptions.PrintSummary(folder);
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>
    /// A loaded volume with poses from its lumen centerline: view seed → a fresh stream →
    /// <see cref="EndoscopePoseSampler.Sample"/>.
    /// </summary>
    internal static CinematicVolumeSource Source(string volumeId, CtVolume volume, EndoscopePoseSampler sampler) =>
        new(volumeId, _ => (volume, seed =>
        {
            var rng = new SplitMix64(seed);
            return sampler.Sample(ref rng);
        }));

    /// <summary>The first <paramref name="count"/> built-in looks, then seeded random looks.</summary>
    internal static List<CinematicPreset> Looks(int count, int seed)
    {
        var list = CinematicPresets.BuiltIn.Take(count).ToList();
        for (var i = list.Count; i < count; i++) list.Add(CinematicPresets.Random(Seed.Derive(seed, LookStream, i)));
        return list;
    }

    /// <summary>Stream of <see cref="Seed.Derive"/> for the random looks.</summary>
    private const int LookStream = 7919;

    internal static (CtVolume Volume, string Id) LoadVolume(string source, int seed, CancellationToken ct)
    {
        if (string.Equals(source, "phantom", StringComparison.OrdinalIgnoreCase))
        {
            var phantom = ColonPhantom.Generate(null, seed);
            return (phantom.CreateCtVolume(null, ct), phantom.Id);
        }
        if (!File.Exists(source) && !Directory.Exists(source))
            throw new CommandLineException($"VOLUME '{source}' is neither 'phantom' nor an existing DICOM " +
                $"folder or NIfTI file.");
        var volume = VolumeFiles.Load(source, ct);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)));
        foreach (var ext in new[] { ".nii.gz", ".nii" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) name = name[..^ext.Length];
        return (volume, string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')));
    }

    internal static (int Width, int Height) ParseSize(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture,
            out var w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h) || w < 1 || h < 1)
            throw new CommandLineException($"--size must be WxH with positive integers (e.g. 256x256), got '{text}'.");
        return (w, h);
    }
}
