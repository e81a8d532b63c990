using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EndoDepth.Crf;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Runtime;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Geometry.Calibration;
using EndoDepth.Imaging;
using EndoDepth.IO;
using EndoDepth.Metrics;
using EndoDepth.Video;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>
/// `predict`: depth for images, folders, glob patterns and videos (docs/predict.md), written as .npy, 16-bit PNG or
/// SimCol3D submissions, with Turbo previews, optional point clouds, a progress bar over frames and a timing summary.
/// </summary>
internal static class PredictCommand
{
    /// <summary>The depth file formats of `--format`.</summary>
    private static readonly string[] Formats = ["npy", "png", "simcol3d"];

    public static Command Create()
    {
        var modelIn = EstimatorOptions.Models("A model file (default: the pretrained ensemble shipped with " +
            "EndoDepth).");
        var mirrors = EstimatorOptions.Mirrors();
        var inputs = new Argument<string[]>("INPUT") { Description = "Images (PNG or JPEG, grey or colour), videos " +
            "(MP4, AVI: one prediction per frame, VIDEO/000123), folders of them (searched recursively; the outputs " +
            "mirror their structure) or quoted glob patterns ('frames/**/*.png').",
            Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder: NAME.npy (or .png) " +
            "per input, and a Turbo preview preview/NAME.png (a subfolder, so the folder stays a folder of depth " +
            "maps for `metrics`).", Required = true };
        var format = new Option<string>("--format") { Description = "Depth file format: npy (float32 mm, 0 = " +
            "invalid), png (16-bit grey, 0.01 mm per unit, 0 = invalid) or simcol3d (the SimCol3D challenge's " +
            "submission: float16 .npy, 1 = 200 mm, clipped to [0, 1]).", DefaultValueFactory = _ => "npy" };
        var ply = new Option<bool>("--ply") { Description = "Also write a point cloud NAME.ply (binary PLY, mm, " +
            "camera frame, coloured by the input) back-projected through the camera (--camera, --intrinsics or " +
            "--fov; default a 90° pinhole)." };
        var range = new Option<string?>("--range") { Description = "Depth range MIN,MAX (mm) of the previews' colour " +
            "map, shared by every image (default: each image's own range)." };
        var timings = new Option<bool>("--timings") { Description = "Print the time per stage (SLIC, " +
            "unary, CRF, dense) of every frame." };
        var fov = new Option<float?>("--fov") { Description = "Horizontal field of view (degrees) of the camera " +
            "that took the images (default: a 90° pinhole)." };
        var fisheye = new Option<bool>("--fisheye") { Description = "The camera is an equidistant fisheye (with " +
            "--fov or --intrinsics)." };
        var intrinsics = new Option<string?>("--intrinsics") { Description = "The camera as FX,FY,CX,CY in pixels " +
            "of the input images (pinhole, or equidistant with --fisheye)." };
        var cameraFile = new Option<FileInfo?>("--camera") { Description = "Calibration file of the camera " +
            "(EndoDepth or OpenCV JSON, C3VD text; docs/cameras.md), scaled to each image's size." };
        var cmd = new Command("predict", "Estimate depth maps with a trained model.")
        {
            modelIn, mirrors, inputs, output, format, ply, timings, fov, fisheye, intrinsics, cameraFile, range,
            EstimatorCommands.DeviceOption, EstimatorCommands.ThreadsOption,
        };
        cmd.SetAction((r, ct) =>
        {
            var outDir = r.GetRequiredValue(output).FullName;
            if (File.Exists(outDir)) throw new CommandLineException($"--out {outDir}: is a file, not a folder");
            var depthFormat = r.GetValue(format)!.ToLowerInvariant();
            if (!Formats.Contains(depthFormat)) throw new CommandLineException(
                $"--format {r.GetValue(format)}: expected {string.Join('|', Formats)}");
            var camera = CameraChoice.From(r.GetValue(cameraFile)?.FullName, r.GetValue(intrinsics), r.GetValue(fov),
                r.GetValue(fisheye));
            var files = PredictionInputs.Expand(r.GetRequiredValue(inputs));
            var (lo, hi) = ParseRange(r.GetValue(range));
            TorchRuntime.Initialize(r.GetValue(EstimatorCommands.ThreadsOption));
            using var estimator = EstimatorOptions.Open(r.GetValue(modelIn) ?? [], r.GetValue(mirrors), null,
                r.GetValue(EstimatorCommands.DeviceOption)!);
            var single = estimator is { Members.Count: 1, Mirrors: TestTimeMirrors.None };
            var rayCues = estimator.Members.Any(m => m.Settings is
                { UnaryKind: UnaryKind.Fcsp, Fcsp: { Cues: true, CueGeometry: CueGeometry.CameraRay } });
            var writePly = r.GetValue(ply);
            if ((rayCues || writePly) && camera.IsAssumed)
                Console.Error.WriteLine("note: no --fov given: the images are taken to come from a 90° pinhole " +
                    "camera; give the camera (--fov DEG [--fisheye], --intrinsics FX,FY,CX,CY or --camera FILE) " +
                    "when it differs.");
            Directory.CreateDirectory(outDir);
            var decoder = files.Any(f => f.IsVideo) ? new OpenCvVideoDecoder() : null;
            var table = new Table().AddColumns("input", "depth", "SLIC ms", "unary ms", "CRF ms", "dense ms",
                "total ms");
            var frameMs = new List<double>();
            var total = Stopwatch.StartNew();
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    // One step per image, and per video until it is opened and declares its frame count.
                    var task = ctx.AddTask("predict", maxValue: files.Count);
                    foreach (var f in files)
                    {
                        ct.ThrowIfCancellationRequested();
                        var frames = f.IsVideo
                            ? VideoFrames.Read(f.Image, decoder!, n => task.MaxValue += Math.Max(1, n ?? 1) - 1, ct)
                                .Select(v => (Stem: f.OutputStem + "/" + v.Name, Source: $"{f.Image}#{v.Index}",
                                    v.Image))
                            : [(f.OutputStem, f.Image, PngFile.Read(f.Image))];
                        var done = 0;
                        foreach (var (stem, source, image) in frames)
                        {
                            var clock = Stopwatch.StartNew();
                            var cam = camera.For(image.Width, image.Height);
                            // A single model reports its stages; an ensemble (or mirrors) only its total.
                            PredictionTimings? t = null;
                            DepthMap depth;
                            if (single)
                            {
                                depth = estimator.Model.Predict(image, camera.IsAssumed ? null : cam, out var stages,
                                    ct);
                                t = stages;
                            }
                            else depth = estimator.Estimate(image, camera.IsAssumed ? null : cam, ct);
                            var predictMs = clock.Elapsed.TotalMilliseconds;
                            WriteDepth(Path.Combine(outDir, stem), depthFormat, depth);
                            PngFile.Write(Path.Combine(outDir, "preview", stem + ".png"),
                                DepthPreview.Render(depth, lo, hi));
                            if (writePly)
                                PlyFile.Write(Path.Combine(outDir, stem + ".ply"), PointCloud.FromDepth(depth,
                                    cam.Resized(depth.Width, depth.Height),
                                    (image.Width, image.Height) == (depth.Width, depth.Height) ? image : null));
                            frameMs.Add(clock.Elapsed.TotalMilliseconds);
                            if (r.GetValue(timings))
                                table.AddRow(Markup.Escape(source), Markup.Escape(stem + Extension(depthFormat)),
                                    EstimatorCommands.Ms(t?.SlicMs), EstimatorCommands.Ms(t?.UnaryMs),
                                    EstimatorCommands.Ms(t?.CrfMs), EstimatorCommands.Ms(t?.DenseMs),
                                    EstimatorCommands.Ms(predictMs));
                            if (++done > 1 && task.Value + 1 > task.MaxValue) task.MaxValue += 1;
                            task.Increment(1);
                        }
                    }
                    task.MaxValue = task.Value; // a video may hold fewer frames than it declared
                });
            if (r.GetValue(timings)) AnsiConsole.Write(table);
            var s = TimingSummary.Of(frameMs);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"predicted {s.Count} frames in {total.Elapsed.TotalSeconds:F2} s: median {s.MedianMs:F1} ms, " +
                $"p95 {s.P95Ms:F1} ms, max {s.MaxMs:F1} ms per frame"));
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static string Extension(string format) => format == "png" ? ".png" : ".npy";

    /// <summary>Writes one depth map as <paramref name="stemPath"/> plus the format's extension.</summary>
    private static void WriteDepth(string stemPath, string format, DepthMap depth)
    {
        switch (format)
        {
            case "png": DepthPng.Write(stemPath + ".png", depth); break;
            case "simcol3d": SimCol3DDepth.Write(stemPath + ".npy", depth); break;
            default: NpyFile.WriteDepth(stemPath + ".npy", depth); break;
        }
    }

    /// <summary>Parses --range MIN,MAX (mm); null gives each preview its own range.</summary>
    private static (float? Min, float? Max) ParseRange(string? value)
    {
        if (value is null) return (null, null);
        var parts = value.Split(',');
        if (parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
            && float.IsFinite(min) && float.IsFinite(max) && max > min)
            return (min, max);
        throw new CommandLineException($"--range {value}: expected MIN,MAX in mm with MIN < MAX, e.g. 5,60");
    }

    /// <summary>
    /// The camera of the inputs, from one of --camera, --intrinsics or --fov, made for each frame's size; without any,
    /// the 90° pinhole the model assumes (<see cref="IsAssumed"/>).
    /// </summary>
    private sealed class CameraChoice
    {
        private readonly Func<int, int, CameraModel> _make;

        private CameraChoice(Func<int, int, CameraModel> make, bool assumed)
        {
            _make = make;
            IsAssumed = assumed;
        }

        /// <summary>True when no camera was given.</summary>
        public bool IsAssumed { get; }

        /// <summary>The camera for a <paramref name="width"/>×<paramref name="height"/> frame.</summary>
        public CameraModel For(int width, int height) => _make(width, height);

        public static CameraChoice From(string? file, string? intrinsics, float? fov, bool fisheye)
        {
            if ((file is null ? 0 : 1) + (intrinsics is null ? 0 : 1) + (fov is null ? 0 : 1) > 1)
                throw new CommandLineException("give the camera once: --camera, --intrinsics or --fov");
            var kind = fisheye ? ProjectionKind.EquidistantFisheye : ProjectionKind.Pinhole;
            if (file is not null)
            {
                if (fisheye) throw new CommandLineException("--fisheye: the calibration file --camera names the " +
                    "projection itself");
                var calibrated = CameraCalibration.Load(file);
                return new CameraChoice((w, h) => (w, h) == (calibrated.Width, calibrated.Height)
                    ? calibrated : calibrated.Resized(w, h), false);
            }
            if (intrinsics is not null)
            {
                var v = intrinsics.Split(',').Select(p => float.TryParse(p, NumberStyles.Float,
                    CultureInfo.InvariantCulture, out var x) && float.IsFinite(x) ? x : float.NaN).ToArray();
                if (v.Length != 4 || v.Any(float.IsNaN) || !(v[0] > 0) || !(v[1] > 0))
                    throw new CommandLineException($"--intrinsics {intrinsics}: expected FX,FY,CX,CY in pixels with " +
                        "positive focal lengths, e.g. 227.6,227.6,237.5,237.5");
                // Rays up to the widest angle a camera model accepts; pixels beyond it stay without a point.
                var maxTheta = CameraModel.MaxFieldOfViewDegrees / 2 * MathF.PI / 180f;
                return new CameraChoice((w, h) => new CameraModel(kind, w, h, v[0], v[1], v[2], v[3], maxTheta), false);
            }
            if (fov is { } degrees)
                return new CameraChoice((w, h) => CameraModel.Create(kind, w, h, degrees), false);
            if (fisheye) throw new CommandLineException("--fisheye needs --fov or --intrinsics");
            return new CameraChoice((w, h) => CameraModel.Pinhole(w, h, 90f), true);
        }
    }
}
