using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EndoDepth.IO;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;
using EndoDepth.Volumes;

namespace EndoDepth.Cli.Commands;

/// <summary>The `ct fbp | ct project | ct reconstruct` commands: CT reconstruction (docs/tomography.md).</summary>
internal static class CtCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create()
    {
        var ct = new Command("ct", "CT tomography: scikit-image-compatible FBP, simulated scans and FBP/FDK " +
            "reconstruction.");
        ct.Subcommands.Add(Fbp());
        ct.Subcommands.Add(Project());
        ct.Subcommands.Add(Reconstruct());
        return [ct];
    }

    private static Option<string> FilterOption() => new("--filter")
    {
        Description = "ram-lak (ramp), shepp-logan, cosine, hamming or hann.", DefaultValueFactory = _ => "ram-lak",
    };

    private static Option<ComputeBackend> BackendOption() => new("--backend")
    {
        Description = "Kernel launcher: Auto (CUDA when present, else ParallelFor), Cuda, IlgpuCpu or ParallelFor.",
        DefaultValueFactory = _ => ComputeBackend.Auto,
    };

    private static ReconstructionFilter ParseFilter(string text) => text.ToLowerInvariant() switch
    {
        "ram-lak" or "ramlak" or "ramp" => ReconstructionFilter.RamLak,
        "shepp-logan" => ReconstructionFilter.SheppLogan,
        "cosine" => ReconstructionFilter.Cosine,
        "hamming" => ReconstructionFilter.Hamming,
        "hann" => ReconstructionFilter.Hann,
        _ => throw new CommandLineException($"--filter must be ram-lak, shepp-logan, cosine, hamming or hann, got " +
            $"'{text}'."),
    };

    private static Command Fbp()
    {
        var sinogram = new Argument<string>("SINOGRAM") { Description = "Sinogram .npy, detector × angle (as " +
            "skimage.transform.radon returns it)." };
        var angles = new Option<string>("--angles") { Description = "Angles .npy (degrees), one per sinogram column.",
            Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output image .npy (float32, side × side).",
            Required = true };
        var size = new Option<int?>("--size") { Description = "Output side (default: the detector length)." };
        var filter = FilterOption();
        var backend = BackendOption();
        var cmd = new Command("fbp", "2-D parallel-beam FBP on scikit-image's conventions: the same grid and result as " +
            "skimage.transform.iradon(sinogram, theta, filter_name='ramp').")
            { sinogram, angles, output, size, filter, backend };
        cmd.SetAction((r, ct) =>
        {
            var f = ParseFilter(r.GetValue(filter)!);
            using var device = new ComputeDevice(r.GetValue(backend));
            var watch = Stopwatch.StartNew();
            var (image, side) = ScikitImageFbp.ReconstructFiles(r.GetValue(sinogram)!, r.GetValue(angles)!,
                r.GetValue(size), f, device, ct);
            var file = r.GetValue(output)!;
            NpyFile.WriteFloat32(file, image, [side, side]);
            Console.WriteLine(Inv($"wrote {file}: float32 ({side}, {side}), {f}, {watch.Elapsed.TotalSeconds:F2} s"));
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static Command Project()
    {
        var volumeArg = new Argument<string>("VOLUME") { Description = "'phantom' (the procedural colon's CT, seeded " +
            "by --seed), a DICOM series folder or a NIfTI file (HU)." };
        var beam = new Option<string>("--geometry") { Description = "cone, fan or parallel.", Required = true };
        var views = new Option<int>("--views") { Description = "Number of views (over 360° for cone and fan, 180° " +
            "for parallel).", DefaultValueFactory = _ => 360 };
        var size = new Option<string>("--size") { Description = "Detector columns × rows, WxH (rows 1 for fan; one " +
            "row scans the plane through the volume's centre).", DefaultValueFactory = _ => "256x256" };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (projections.npy, geometry.json).",
            Required = true };
        var photons = new Option<double>("--photons") { Description = "Unattenuated photons per detector pixel N0 " +
            "for Poisson noise (0: noise-free).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the phantom and of the noise.",
            DefaultValueFactory = _ => 0 };
        var waterMu = new Option<double>("--water-mu") { Description = "μ of water (1/mm) for HU → μ (air is 0).",
            DefaultValueFactory = _ => HuCalibration.WaterMuPerMm };
        var backend = BackendOption();
        var cmd = new Command("project", "Simulate a CT scan of a volume (Joseph's forward projector, optional " +
            "Poisson noise).") { volumeArg, beam, views, size, output, photons, seed, waterMu, backend };
        cmd.SetAction((r, ct) =>
        {
            var kind = r.GetValue(beam)!.ToLowerInvariant() switch
            {
                "cone" => BeamKind.Cone,
                "fan" => BeamKind.Fan,
                "parallel" => BeamKind.Parallel,
                var other => throw new CommandLineException($"--geometry must be cone, fan or parallel, got '{other}'."),
            };
            var (w, h) = RenderCommand.ParseSize(r.GetValue(size)!);
            var runSeed = r.GetValue(seed);
            var (volume, id) = RenderCommand.LoadVolume(r.GetValue(volumeArg)!, runSeed, ct);
            var geometry = ScanGeometry.Covering(volume, kind, r.GetValue(views), w, h);
            var settings = new ProjectionSettings
            {
                Calibration = HuCalibration.FromWaterAir(r.GetValue(waterMu)), Photons = r.GetValue(photons),
                Seed = runSeed,
            };
            using var device = new ComputeDevice(r.GetValue(backend));
            var watch = Stopwatch.StartNew();
            var scan = ForwardProjector.Project(volume, geometry, settings, device, null, ct);
            var folder = r.GetValue(output)!;
            scan.Save(folder);
            Console.WriteLine(Inv($"{id}: CT {volume.Nx}×{volume.Ny}×{volume.Nz} → {geometry.Views} {kind} views of ")
                + Inv($"{w}×{h} in {folder} ({watch.Elapsed.TotalSeconds:F1} s, {device.Backend})"));
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static Command Reconstruct()
    {
        var folderArg = new Argument<string>("DIR") { Description = "Scan folder (projections.npy, geometry.json)." };
        var output = new Option<string>("--out", "-o") { Description = "Output NIfTI (.nii or .nii.gz), HU as float32.",
            Required = true };
        var filter = FilterOption();
        var waterMu = new Option<double>("--water-mu") { Description = "μ of water (1/mm) for μ → HU (air is 0).",
            DefaultValueFactory = _ => HuCalibration.WaterMuPerMm };
        var backend = BackendOption();
        var cmd = new Command("reconstruct", "Reconstruct a scan folder: FDK for cone beams, FBP otherwise, on the " +
            "detector's field of view at the isocentre.") { folderArg, output, filter, waterMu, backend };
        cmd.SetAction((r, ct) =>
        {
            var f = ParseFilter(r.GetValue(filter)!);
            var scan = CtScan.Load(r.GetValue(folderArg)!);
            var grid = ReconstructionGrid.FieldOfView(scan.Geometry);
            using var device = new ComputeDevice(r.GetValue(backend));
            var watch = Stopwatch.StartNew();
            var volume = FilteredBackProjection.Reconstruct(scan, grid, new ReconstructionSettings
            {
                Filter = f, Calibration = HuCalibration.FromWaterAir(r.GetValue(waterMu)),
            }, null, device, null, ct);
            var file = r.GetValue(output)!;
            NiftiFile.Write(file, volume);
            var stats = HuStatistics.Of(volume);
            var method = scan.Geometry.Beam == BeamKind.Cone ? "FDK" : "FBP";
            Console.WriteLine(Inv($"wrote {file}: {volume.Nx}×{volume.Ny}×{volume.Nz}, spacing {volume.Spacing} mm, ")
                + Inv($"HU {stats.Min:F0}..{stats.Max:F0} ({method}, {watch.Elapsed.TotalSeconds:F1} s, {device.Backend})"));
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
