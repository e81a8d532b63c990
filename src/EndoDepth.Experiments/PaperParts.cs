using EndoDepth.Abstractions;
using EndoDepth.Crf;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Volumes;

namespace EndoDepth.Experiments;

/// <summary>
/// The paper's parts from the EndoDepth libraries: the procedural <see cref="ColonPhantom"/> (its surface for the
/// forward model, its CT volume — same world frame — for cinematic rendering), camera poses from
/// <see cref="EndoscopePoseSampler"/> along its centerline, <see cref="SyntheticEndoscope"/> (§2.1.1),
/// <see cref="CinematicRenderer"/> with its four built-in presets and seeded random presets (§2.2), and the estimator
/// trainer (§2.4).
/// </summary>
public static class PaperParts
{
    /// <summary>Phantoms, and CT volumes, held at once (the generators work source by source).</summary>
    internal const int RecentSources = 4;

    /// <summary>The parts at a scale; <paramref name="trainer"/> is the estimator trainer to use.</summary>
    public static ExperimentParts Create(ExperimentScale scale, IEstimatorTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(trainer);
        // A few recent phantoms and volumes, not all of the run's: memory stays flat in the number of phantoms.
        var phantoms = new RecentValues<int, ColonPhantom>(RecentSources, s => ColonPhantom.Generate(null, s));
        ColonPhantom Phantom(int seed) => phantoms.Get(seed);
        // Smaller images need less CT resolution; the paper's scale keeps the phantom's default (1 mm, ≤ 256 voxels).
        var ct = scale.Width <= 64 ? new ColonCtSettings { SpacingMm = 2f, MaxDimension = 128 } : new ColonCtSettings();
        var volumes = new RecentValues<int, CtVolume>(RecentSources, s => Phantom(s).CreateCtVolume(ct));
        // From 96² up, half the paths plus the denoiser: they meet the raw render's error at twice the paths (32 + the
        // denoiser vs 64 raw at 128² and 256², 16 + the denoiser vs 32 raw at 128²; docs/cinematic.md) in about half
        // its time. The small test scales stay raw.
        var denoise = scale.Width > 64;
        var spp = scale.Width <= 32 ? 4 : scale.Width <= 64 ? 8 : scale.Width <= 128
            ? CinematicSettings.DenoisedSamplesPerPixel / 2 : CinematicSettings.DenoisedSamplesPerPixel;
        var renderer = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: spp)
        {
            Denoiser = denoise ? new DenoiserSettings() : null,
        });
        return new ExperimentParts(
            $"ColonPhantom + SyntheticEndoscope + CinematicRenderer ({spp} spp{(denoise ? " + denoiser" : "")}) + " +
            trainer.Description,
            SurfaceImaging.Create(seed => Phantom(seed), new SyntheticEndoscope()),
            volumes.Get,
            (seed, count, camera, viewSeed) =>
            {
                var sampler = new EndoscopePoseSampler(Phantom(seed));
                var rng = new SplitMix64(Seed.Derive64(viewSeed, ExperimentStreams.CameraViews, 0));
                var views = new List<CameraView>(count);
                for (var i = 0; i < count; i++) views.Add(new CameraView(camera, sampler.Sample(ref rng)));
                return views;
            },
            VolumeLooks.Cinematic(renderer, CinematicPresets.BuiltIn),
            (count, seed) => VolumeLooks.Cinematic(renderer, [.. Enumerable.Range(0, count)
                .Select(i => CinematicPresets.Random(Seed.Derive(seed, ExperimentStreams.RandomPresets, i)))]),
            trainer);
    }

    /// <summary>
    /// The CNN-CRF trainer (§2.4; the paper's SGD settings and learning rate) with <see cref="CnnCrfSettings"/>.
    /// </summary>
    public static IEstimatorTrainer CnnCrfTrainer(ExperimentScale scale) =>
        new CrfEstimatorTrainer(CnnCrfSettings(scale));

    /// <summary>
    /// The CNN-CRF settings of a scale: the fully convolutional unary with superpixel pooling (DCNF-FCSP) everywhere;
    /// the paper's widths and ~300 superpixels at the paper's scale, the compact network (conv 32-64-64-64-64) with
    /// fewer superpixels at the smaller image sizes, the tiny one for tests.
    /// </summary>
    public static CrfModelSettings CnnCrfSettings(ExperimentScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return scale.Width switch
        {
            <= 32 => CrfModelSettings.Tiny(16, 16),
            <= 64 => new CrfModelSettings { Slic = new SlicSettings(64), Fcsp = FcspNetSettings.Compact(scale.Width) },
            <= 96 => new CrfModelSettings { Slic = new SlicSettings(150), Fcsp = FcspNetSettings.Compact(scale.Width) },
            <= 128 => new CrfModelSettings { Slic = new SlicSettings(200),
                Fcsp = FcspNetSettings.Compact(scale.Width) },
            _ => new CrfModelSettings(),
        };
    }

    /// <summary>The parts at a scale with the CNN-CRF trainer of that scale (<see cref="CnnCrfTrainer"/>).</summary>
    public static ExperimentParts Create(ExperimentScale scale) => Create(scale, CnnCrfTrainer(scale));
}
