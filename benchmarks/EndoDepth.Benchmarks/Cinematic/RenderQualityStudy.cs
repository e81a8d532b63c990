using System.Diagnostics;
using System.Globalization;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.IO;
using EndoDepth.Metrics;
using EndoDepth.Randomness;
using EndoDepth.Registration;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Volumes;

namespace EndoDepth.Benchmarks.Cinematic;

/// <summary>
/// Image quality per second of the cinematic renderer: for each configuration (samples per pixel, denoiser on/off),
/// the time of one render with depth and its error against a converged reference of the same view and look
/// (relative MSE of the HDR image; SSIM and PSNR of the display image, tone-mapped with the reference's exposure; SSIM
/// on the tissue only). References are rendered once and cached under artifacts/cinematic-references (resumable).
/// Run: dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- quality [--size 256] [--views 3]
///      [--reference-spp 2048] [--spp 4,8,16,32,64] [--configs 32:surface,32:aov,16:aov,64:raw]
///      [--reference-renders 2] [--first-view 0]
///      [--references-only] [--ct phantom|cone-beam]
/// <c>--spp</c> measures each count raw and denoised (first-event albedo guide); <c>--configs</c> lists
/// configurations instead, each spp:raw, spp:aov (denoiser, first-event albedo guide) or spp:surface (denoiser,
/// texture at the opacity-threshold surface as the guide), rendered with the eight-lane AVX2 path tracer where the CPU
/// has it; a third field <c>:scalar</c> (e.g. 16:aov:scalar) renders with the scalar kernel body instead.
/// <c>--ct cone-beam</c> renders, instead of the phantom's own CT, its simulated cone-beam scan (360 views, Poisson
/// noise at 10⁵ photons) reconstructed by FDK: a CT with a real scan's noise and cone-beam artefacts.
/// </summary>
public static class RenderQualityStudy
{
    public static int Run(string[] args)
    {
        int size = 256, views = 3, referenceSpp = 2048;
        int[] spps = [4, 8, 16, 32, 64];
        var sweep = false;
        var referencesOnly = false;
        var parts = 2;
        var firstView = 0; // the views measured are firstView … firstView + views − 1 of the pose sequence
        var ct = "phantom";
        List<(int Spp, string Guide, bool Scalar)>? configs = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--size": size = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--views": views = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--first-view": firstView = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--reference-spp": referenceSpp = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--sweep": sweep = true; break;
                case "--references-only": referencesOnly = true; break;
                case "--ct" when value is "phantom" or "cone-beam": ct = value; i++; break;
                case "--reference-renders": parts = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--configs":
                    // spp:guide[:scalar]; ":scalar" renders with the scalar kernel body instead of the eight-lane one.
                    configs = [.. value.Split(',').Select(c => c.Split(':'))
                        .Select(c => (int.Parse(c[0], CultureInfo.InvariantCulture), c[1],
                            c.Length > 2 && c[2] == "scalar"))];
                    if (configs.Any(c => c.Guide is not ("raw" or "aov" or "surface")))
                    {
                        Console.Error.WriteLine("--configs: each is spp:raw, spp:aov or spp:surface (then :scalar "
                            + $"optionally), got {value}");
                        return 2;
                    }
                    i++;
                    break;
                case "--spp":
                    spps = [.. value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    i++;
                    break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        var phantomCt = ColonPhantom.Generate(null, 7).CreateCtVolume();
        var lumen = LumenCenterline.Trace(phantomCt);
        var volume = ct == "cone-beam" ? new ConeBeamSimulation().Reconstruct(phantomCt, seed: 7, device) : phantomCt;
        var sampler = new EndoscopePoseSampler(lumen);
        var rng = SplitMix64.For(1, 0);
        var camera = CameraModel.Fisheye(size, size, 140f);
        // Every pose of the sequence up to the last view is drawn, in order, so view v is the same pose whatever
        // firstView is (a lazy Select(…).Skip(k) would not call the sampler for the skipped views).
        var sequence = new CameraView[firstView + views];
        for (var i = 0; i < sequence.Length; i++) sequence[i] = new CameraView(camera, sampler.Sample(ref rng));
        var cameraViews = sequence[firstView..];
        var looks = CinematicPresets.BuiltIn;
        var cache = Path.Combine("artifacts", "cinematic-references");
        var prefix = ct == "phantom" ? $"{size}_" : $"{size}_cbct_";
        Directory.CreateDirectory(cache);

        // References: per view, the mean of K independent renders of referenceSpp / K paths each (all looks; seeds
        // other than the configurations'), cached one render at a time so that a long reference run resumes. With
        // K = 2 their difference measures how converged the reference is: for independent estimates of equal variance
        // the error of the mean against the truth is a quarter of the halves' mutual error (rel MSE ∝ 1 / spp). With
        // K = 1 the same law gives it from a raw configuration's error e at s paths: e · s / (s + referenceSpp).
        var references = new ImageF[views, looks.Count];
        var halfSpp = referenceSpp / parts;
        double halvesRelMse = 0, halvesPsnr = 0, halvesSsim = 0;
        for (var v = 0; v < views; v++)
        {
            var halves = new ImageF[parts][];
            for (var h = 0; h < parts; h++)
            {
                var files = Enumerable.Range(0, looks.Count)
                    .Select(l => Path.Combine(cache, $"{prefix}view{firstView + v}_look{l}_{halfSpp}spp_part{h}.npy"))
                    .ToArray();
                if (!files.All(File.Exists))
                {
                    var clock = Stopwatch.StartNew();
                    using var r = new CinematicRenderer(new CinematicSettings(
                        SamplesPerPixel: halfSpp, Seed: 1_000_003 + h, SamplesPerLaunch: 16), device);
                    var hdr = r.RenderDetailed(volume, cameraViews[v], looks).Hdr;
                    for (var l = 0; l < looks.Count; l++)
                    {
                        var tmp = files[l] + ".tmp";
                        NpyFile.WriteFloat32(tmp, hdr[l].Data, [3, size, size]);
                        File.Move(tmp, files[l], overwrite: true);
                    }
                    Console.Error.WriteLine($"reference view {firstView + v} part {h} ({halfSpp} spp): " +
                        $"{clock.Elapsed.TotalSeconds:F0} s");
                }
                halves[h] = [.. files.Select(f => new ImageF(size, size, 3, NpyFile.Read(f).ToFloat32()))];
            }
            for (var l = 0; l < looks.Count; l++)
            {
                var mean = new ImageF(size, size, 3);
                for (var i = 0; i < mean.Data.Length; i++)
                    for (var h = 0; h < parts; h++) mean.Data[i] += halves[h][l].Data[i] / parts;
                references[v, l] = mean;
                if (parts < 2) continue;
                var tone = new ToneMapping(AutoExposure: false,
                    ExposureEv: MathF.Log2(new ToneMapping().ExposureScale(mean)));
                halvesRelMse += ImageQuality.RelativeMse(Scaled(halves[0][l], tone), Scaled(halves[1][l], tone));
                halvesPsnr += ImageQuality.Psnr(tone.Apply(halves[0][l]), tone.Apply(halves[1][l]));
                halvesSsim += ImageQuality.Ssim(tone.Apply(halves[0][l]), tone.Apply(halves[1][l]));
            }
        }
        var looksSeen = views * looks.Count;
        if (parts >= 2) Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reference {referenceSpp} spp = mean of {parts} {halfSpp}-spp renders; the first two against each " +
            $"other: rel MSE " +
            $"{halvesRelMse / looksSeen:F5}, PSNR {halvesPsnr / looksSeen:F2}, SSIM {halvesSsim / looksSeen:F4}; " +
            $"the reference's own rel MSE against the truth ≈ {halvesRelMse / looksSeen / 4:F5}"));
        if (referencesOnly) return 0;

        if (sweep)
        {
            Sweep(volume, cameraViews, looks, references, spps[0], device);
            return 0;
        }
        // Wall time depends on what else runs on the machine; the process's CPU time much less (it still grows when
        // hyper-threads are shared), so both are printed.
        Console.WriteLine($"| configuration ({size}², {views} views × {looks.Count} looks) | time per look (s) | " +
            "CPU time per look (s) | rel MSE (HDR) | PSNR (dB) | SSIM | SSIM, tissue |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        configs ??= [.. spps.SelectMany(spp => new[] { (spp, "raw", false), (spp, "aov", false) })];
        foreach (var (spp, guide, scalar) in configs)
        {
            // The renderer denoises (its time counts): raw, or the denoiser with either albedo guide.
            var denoiser = guide == "raw" ? null : new DenoiserSettings(FirstEventAlbedo: guide == "aov");
            double seconds = 0, cpuSeconds = 0, relMse = 0, psnr = 0, ssim = 0, ssimTissue = 0;
            using var renderer = new CinematicRenderer(
                new CinematicSettings(SamplesPerPixel: spp) { Denoiser = denoiser }, device)
            {
                UsePathOctets = !scalar,
            };
            renderer.RenderDepth(volume, cameraViews[0]);
            var perView = new List<string>();
            for (var v = 0; v < views; v++)
            {
                double viewRelMse = 0, viewPsnr = 0, viewSsim = 0;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = renderer.RenderDetailed(volume, cameraViews[v], looks);
                var images = result.Hdr;
                seconds += clock.Elapsed.TotalSeconds;
                cpuSeconds += (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                var tissue = result.Depth.Valid;
                for (var l = 0; l < looks.Count; l++)
                {
                    var tone = new ToneMapping(AutoExposure: false,
                        ExposureEv: MathF.Log2(new ToneMapping().ExposureScale(references[v, l])));
                    var shown = tone.Apply(images[l]);
                    var reference = tone.Apply(references[v, l]);
                    var lookRelMse = ImageQuality.RelativeMse(Scaled(images[l], tone), Scaled(references[v, l], tone));
                    var lookPsnr = ImageQuality.Psnr(shown, reference);
                    var lookSsim = ImageQuality.Ssim(shown, reference);
                    relMse += lookRelMse; psnr += lookPsnr; ssim += lookSsim;
                    viewRelMse += lookRelMse; viewPsnr += lookPsnr; viewSsim += lookSsim;
                    ssimTissue += ImageQuality.Ssim(shown, reference, region: tissue);
                }
                var k = looks.Count;
                perView.Add(string.Create(CultureInfo.InvariantCulture, $"view {firstView + v}: rel MSE " +
                    $"{viewRelMse / k:F5}, PSNR {viewPsnr / k:F2}, SSIM {viewSsim / k:F4}"));
            }
            var n = views * looks.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {spp} spp{Label(guide)}{(scalar ? ", scalar body" : "")} | {seconds / n:F2} | " +
                $"{cpuSeconds / n:F2} | {relMse / n:F5} | " +
                $"{psnr / n:F2} | {ssim / n:F4} | {ssimTissue / n:F4} |"));
            // Each view's mean over the looks (stderr, so that stdout stays one table).
            foreach (var line in perView) Console.Error.WriteLine("  " + line);
        }
        return 0;
    }

    private static string Label(string guide) => guide switch
    {
        "aov" => " + denoiser (first-event albedo guide)",
        "surface" => " + denoiser (threshold-surface albedo guide)",
        _ => "",
    };

    /// <summary>The HDR image × the tone mapping's exposure (the linear values the filmic curve sees).</summary>
    private static ImageF Scaled(ImageF hdr, ToneMapping tone)
    {
        var k = MathF.Pow(2f, tone.ExposureEv);
        var o = new ImageF(hdr.Width, hdr.Height, hdr.Channels);
        for (var i = 0; i < o.Data.Length; i++) o.Data[i] = hdr.Data[i] * k;
        return o;
    }

    /// <summary>Denoiser settings swept over one render per view at <paramref name="spp"/>.</summary>
    private static void Sweep(CtVolume volume, CameraView[] views, IReadOnlyList<CinematicPreset> looks,
        ImageF[,] references, int spp, ComputeDevice device)
    {
        using var renderer = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: spp), device);
        var renders = views.Select(v => renderer.RenderDetailed(volume, v, looks)).ToArray();
        var features = new FirstHitFeatures[views.Length, looks.Count];
        for (var v = 0; v < views.Length; v++)
            for (var l = 0; l < looks.Count; l++)
                features[v, l] = FirstHitFeatures.Compute(renders[v].Depth, renders[v].Normals, views[v])
                    .WithAlbedo(views[v], looks[l].Texture.Evaluate);
        var candidates = new List<DenoiserSettings?> { null };
        foreach (var it in new[] { 3, 4 })
            foreach (var cs in new[] { 2f, 3f, 5f })
                foreach (var np in new[] { 8f, 32f, 128f })
                    foreach (var ps in new[] { 0.05f, 1e6f })
                        candidates.Add(new DenoiserSettings(it, cs, np, ps));
        // The bias: the denoiser applied to the references themselves (an unbiased filter leaves them nearly as they
        // are).
        DenoiserSettings[] settingsTried = [new(4, 3f, 32f, 1e6f), new(4, 10f, 32f, 0.02f)];
        foreach (var settings in settingsTried)
        {
            double ssimBias = 0, psnrBias = 0;
            for (var v = 0; v < views.Length; v++)
                for (var l = 0; l < looks.Count; l++)
                {
                    var tone = new ToneMapping(AutoExposure: false,
                        ExposureEv: MathF.Log2(new ToneMapping().ExposureScale(references[v, l])));
                    var reference = tone.Apply(references[v, l]);
                    var shown = tone.Apply(AtrousDenoiser.Denoise(references[v, l], features[v, l], settings));
                    ssimBias += ImageQuality.Ssim(shown, reference);
                    psnrBias += ImageQuality.Psnr(shown, reference);
                }
            var m = views.Length * looks.Count;
            Console.WriteLine($"bias of {settings}: SSIM {ssimBias / m:F4}, PSNR {psnrBias / m:F2}");
        }
        Console.WriteLine($"| settings at {spp} spp | rel MSE | PSNR | SSIM | SSIM, tissue |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var settings in candidates)
        {
            double relMse = 0, psnr = 0, ssim = 0, ssimTissue = 0;
            for (var v = 0; v < views.Length; v++)
                for (var l = 0; l < looks.Count; l++)
                {
                    var hdr = settings is null ? renders[v].Hdr[l]
                        : AtrousDenoiser.Denoise(renders[v].Hdr[l], features[v, l], settings);
                    var tone = new ToneMapping(AutoExposure: false,
                        ExposureEv: MathF.Log2(new ToneMapping().ExposureScale(references[v, l])));
                    var shown = tone.Apply(hdr);
                    var reference = tone.Apply(references[v, l]);
                    relMse += ImageQuality.RelativeMse(Scaled(hdr, tone), Scaled(references[v, l], tone));
                    psnr += ImageQuality.Psnr(shown, reference);
                    ssim += ImageQuality.Ssim(shown, reference);
                    ssimTissue += ImageQuality.Ssim(shown, reference, region: renders[v].Depth.Valid);
                }
            var n = views.Length * looks.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(settings is null ? "raw" : settings.ToString())} | {relMse / n:F4} | {psnr / n:F2} | " +
                $"{ssim / n:F4} | {ssimTissue / n:F4} |"));
        }
    }
}
