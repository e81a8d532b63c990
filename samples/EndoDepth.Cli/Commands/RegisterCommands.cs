using System.CommandLine;
using System.Globalization;
using EndoDepth.Datasets;
using EndoDepth.Registration;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Volumes;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `register` command (optical frames → registered CT depth dataset) and `register trials`.</summary>
internal static class RegisterCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [Register()];

    private static Command Register()
    {
        var ctOption = new Option<string>("--ct") { Description = "The CT (HU): a NIfTI file, a DICOM series folder, " +
            "or 'phantom' (the procedural colon of --seed).", Required = true };
        var frames = new Option<string>("--frames") { Description = "Folder of the optical frames (PNG, ordinal " +
            "name order).", Required = true };
        var camera = new Option<string>("--camera") { Description = "Camera calibration: EndoDepth JSON (model " +
            "pinhole | equidistant | brown-conrady | kannala-brandt | scaramuzza), OpenCV-style JSON, C3VD " +
            "intrinsics or a dataset camera record (docs/cameras.md).", Required = true };
        var init = new Option<string>("--init") { Description = "Initial camera→world poses JSON, one per frame: " +
            "{\"poses\": [[16 numbers, row-major 4×4 in mm], …]}.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output dataset folder.", Required = true };
        var metric = MetricOption();
        var seed = new Option<int>("--seed") { Description = "Seed of the optimiser (and of the phantom for --ct " +
            "phantom).", DefaultValueFactory = _ => 0 };
        var final = FinalStageOptions.Create();
        var backend = Backend();
        var cmd = new Command("register", "Register optical frames to a CT with a (1+1)-ES over the camera pose and " +
            "write a dataset of the frames with their registered virtual depth (converged frames only; every frame " +
            "in registration.json).")
        {
            ctOption, frames, camera, init, output, metric, seed, backend, Trials(),
        };
        foreach (var o in final.All) cmd.Options.Add(o);
        cmd.SetAction((r, ct) =>
        {
            var volume = LoadCt(r.GetValue(ctOption)!, r.GetValue(seed), ct);
            var folder = new DatasetFolder(r.GetValue(output)!);
            using var device = new ComputeDevice(r.GetValue(backend));
            var settings = final.Apply(r, new RegistrationSettings { Metric = r.GetValue(metric) });
            var results = RegisteredDataset.Write(volume, r.GetValue(frames)!, r.GetValue(camera)!, r.GetValue(init)!,
                folder, settings, r.GetValue(seed), device, null, ct);
            for (var i = 0; i < results.Count; i++)
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                    $"frame {i}: similarity {results[i].Similarity:F4}, {results[i].Evaluations} evaluations, " +
                    (results[i].Converged ? "[green]converged[/]" : "[red]not converged (no depth)[/]"));
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"{results.Count(x => x.Converged)} of " +
                $"{results.Count} frames registered into {Markup.Escape(folder.Root)}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>The settings with the final stage's similarity set (unchanged when null).</summary>
    private static RegistrationSettings WithFinalMetric(RegistrationSettings settings, SimilarityMetric? finalMetric) =>
        finalMetric is { } m && settings.FinalStage is { } final
            ? settings with { FinalStage = final with { Metric = m } } : settings;

    private static Command Trials()
    {
        var count = new Option<int>("--count") { Description = "Number of trials.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 7 };
        var size = new Option<int>("--size")
        {
            Description = "Optical frame side (px).", DefaultValueFactory = _ => 128,
        };
        var spp = new Option<int>("--spp") { Description = "Paths per pixel of the optical frames.",
            DefaultValueFactory = _ => 16 };
        var metric = MetricOption();
        var finalMetric = new Option<SimilarityMetric?>("--final-metric") { Description = "Similarity of the final " +
            "full-resolution stage: Ncc, MutualInformation or CorrelationRatio (default: --metric)." };
        var reconstruct = new Option<string>("--ct-source")
        {
            Description = "The CT registered against: 'phantom' (its own CT) or 'cone-beam' (a simulated cone-beam " +
                "scan of it with Poisson noise, reconstructed by FDK).",
            DefaultValueFactory = _ => "phantom",
        };
        reconstruct.AcceptOnlyFromAmong("phantom", "cone-beam");
        var views = new Option<int>("--views") { Description = "Cone-beam projections over 360°.",
            DefaultValueFactory = _ => 360 };
        var photons = new Option<double>("--photons") { Description = "Cone-beam photons per detector pixel " +
            "(0: noise-free).", DefaultValueFactory = _ => 1e5 };
        var final = FinalStageOptions.Create();
        var backend = Backend();
        var cmd = new Command("trials", "End-to-end registration trials on the procedural phantom: cinematic " +
            "'optical' frames at known poses, registration from ±5 mm / ±5° starts; prints convergence, pose " +
            "error and depth rel.")
        {
            count, seed, size, spp, metric, finalMetric, reconstruct, views, photons, backend,
        };
        foreach (var o in final.All) cmd.Options.Add(o);
        cmd.SetAction((r, ct) =>
        {
            var settings = new TrialSettings
            {
                Count = r.GetValue(count), Seed = r.GetValue(seed), Size = r.GetValue(size),
                SamplesPerPixel = r.GetValue(spp),
                Registration = final.Apply(r, WithFinalMetric(new RegistrationSettings { Metric = r.GetValue(metric) },
                    r.GetValue(finalMetric))),
                ConeBeam = r.GetValue(reconstruct) == "cone-beam"
                    ? new ConeBeamSimulation(Views: r.GetValue(views), Photons: r.GetValue(photons)) : null,
            };
            using var device = new ComputeDevice(r.GetValue(backend));
            // Each trial's line as it ends (a trial takes seconds to minutes), then the summary.
            var report = RegistrationTrials.Run(settings, new SyncProgress<TrialResult>(t =>
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trial {t.Index,3}: {(t.Converged ? "converged" : "NOT converged")}, " +
                    $"{t.TranslationErrorMm:F2} mm, {t.RotationErrorDegrees:F2}°, depth rel {t.DepthRel:F4}, " +
                    $"similarity {t.Similarity:F4} (at the truth {t.SimilarityAtTruth:F4}), " +
                    $"roll {t.RollErrorDegrees:F2}°, " +
                    $"{t.Evaluations} evaluations, {t.Seconds:F1} s"))), null, device, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"convergence {report.ConvergenceRate:P0}; within {settings.GoalMm} mm and {settings.GoalDegrees}°: " +
                $"{report.WithinGoalRate:P0}; median error {report.MedianTranslationErrorMm:F2} mm, " +
                $"{report.MedianRotationErrorDegrees:F2}°; 90th percentile " +
                $"{report.Percentile90TranslationErrorMm:F2} mm, {report.Percentile90RotationErrorDegrees:F2}°; " +
                $"mean depth rel {report.MeanDepthRel:F4}; median time {report.MedianSeconds:F1} s per frame"));
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static Option<ComputeBackend> Backend() => new("--backend")
    {
        Description = "Kernel launcher: Auto (CUDA when present, else ParallelFor), Cuda, IlgpuCpu or ParallelFor.",
        DefaultValueFactory = _ => ComputeBackend.Auto,
    };

    private static CtVolume LoadCt(string source, int seed, CancellationToken ct)
    {
        if (string.Equals(source, "phantom", StringComparison.OrdinalIgnoreCase))
            return ColonPhantom.Generate(null, seed).CreateCtVolume(null, ct);
        if (!File.Exists(source) && !Directory.Exists(source))
            throw new CommandLineException($"--ct '{source}' is neither 'phantom' nor an existing DICOM folder or " +
                "NIfTI file.");
        return VolumeFiles.Load(source, ct);
    }

    /// <summary>--metric, shared by <c>register</c> and <c>register trials</c>.</summary>
    private static Option<SimilarityMetric> MetricOption() => new("--metric")
    {
        Description = "Similarity: Ncc, MutualInformation or CorrelationRatio.",
        DefaultValueFactory = _ => SimilarityMetric.Ncc,
    };
}
