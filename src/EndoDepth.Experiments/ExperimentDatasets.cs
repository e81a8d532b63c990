using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Experiments;

/// <summary>
/// Writes the experiment's dataset folders through the library's generators — <see cref="SyntheticDatasetGenerator"/>
/// over the parts' surfaces, poses and forward model, <see cref="CinematicDatasetGenerator"/> over their CT volumes,
/// poses and looks — the ones `endodepth synth` and `endodepth render` use: resumable item by item (a phantom whose
/// items are all complete is not even generated), every item's randomness drawn from (seed, index) alone, all renders
/// of a view sharing its depth file.
/// </summary>
internal sealed class ExperimentDatasets(ExperimentParts parts, ExperimentScale scale)
{
    /// <summary>The camera of every image (the scale's fisheye).</summary>
    public CameraModel Camera { get; } = CameraModel.Fisheye(scale.Width, scale.Height, scale.FieldOfViewDegrees);

    /// <summary>
    /// Synthetic grey images: <paramref name="count"/> items spread round-robin over <paramref name="phantomSeeds"/>
    /// (so the first N items of the set spread over all of them), each with its own pose, 2–3 lights and sensor-noise
    /// seed drawn from (<paramref name="seed"/>, index) and recorded in its meta. All scenes go to the train split.
    /// </summary>
    public void WriteSynthetic(string root, int count, IReadOnlyList<int> phantomSeeds, int seed,
        IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(phantomSeeds);
        var settings = new SyntheticDatasetSettings
        {
            Count = count, Width = scale.Width, Height = scale.Height, FieldOfViewDegrees = scale.FieldOfViewDegrees,
            Projection = ProjectionKind.EquidistantFisheye, Seed = seed, PhantomSeeds = phantomSeeds,
            TestFraction = null, // the experiment assigns whole folders to splits (Finish)
        };
        var folder = new DatasetFolder(root);
        var camera = Camera;
        parts.Surfaces.Generator(settings, (phantomSeed, poseSeed) => Pose(parts, phantomSeed, camera, poseSeed))
            .Generate(folder, DatasetShard.All, progress is null
                ? null
                : new ProgressRelay<(int Done, int Total)>(p => progress.Report((double)p.Done / p.Total)), ct);
        Finish(folder, SplitName.Train);
    }

    /// <summary>
    /// Cinematic renders: <paramref name="scenes"/> views spread round-robin over the phantoms' CT volumes (view v's
    /// pose from (<paramref name="seed"/>, v)), each rendered with the presets <paramref name="presetsPerView"/> gives
    /// it — 0: all of <paramref name="presets"/>, k: k of them cycling — all sharing the view's depth map.
    /// </summary>
    public void WriteCinematic(string root, int scenes, IReadOnlyList<int> phantomSeeds, VolumeLooks presets,
        int presetsPerView, int seed, SplitName split, IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(phantomSeeds);
        var settings = new CinematicDatasetSettings
        {
            Views = scenes, Width = scale.Width, Height = scale.Height, FieldOfViewDegrees = scale.FieldOfViewDegrees,
            Projection = ProjectionKind.EquidistantFisheye, Seed = seed, PresetsPerView = presetsPerView,
            TestFraction = null, // the experiment assigns whole folders to splits (Finish)
        };
        var camera = Camera;
        var volumes = phantomSeeds.Select(ps => new CinematicVolumeSource(
            $"ct-{ps.ToString(CultureInfo.InvariantCulture)}",
            _ => (parts.Volume(ps), poseSeed => Pose(parts, ps, camera, poseSeed)),
            new Dictionary<string, string> { ["phantom_seed"] = ps.ToString(CultureInfo.InvariantCulture) })).ToList();
        var folder = new DatasetFolder(root);
        new CinematicDatasetGenerator(presets, settings)
            .Generate(folder, volumes, DatasetShard.All, progress is null
                ? null
                : new ProgressRelay<(double Done, int Total)>(p => progress.Report(p.Done / p.Total)), ct);
        Finish(folder, split);
    }

    /// <summary>One pose of the parts' view sampler, seeded by <paramref name="poseSeed"/> alone.</summary>
    private static RigidPose Pose(ExperimentParts parts, int phantomSeed, CameraModel camera, ulong poseSeed) =>
        parts.Views(phantomSeed, 1, camera, (int)(poseSeed & 0x7FFFFFFF))[0].Pose;

    /// <summary>
    /// A subset of another dataset folder as a folder of its own: its manifest names the source's files by relative
    /// paths (nothing is copied); all its scenes go to <paramref name="split"/>.
    /// </summary>
    public static void WriteSubset(string sourceRoot, string root,
        Func<IReadOnlyList<DatasetItem>, IEnumerable<DatasetItem>> choose, SplitName split)
    {
        ArgumentNullException.ThrowIfNull(choose);
        var source = new DatasetFolder(sourceRoot);
        var target = new DatasetFolder(root);
        Directory.CreateDirectory(target.Root);
        var rel = Path.GetRelativePath(target.Root, source.Root).Replace('\\', '/');
        var chosen = choose(source.ReadManifest())
            .Select(i => i with { Image = $"{rel}/{i.Image}", Depth = $"{rel}/{i.Depth}" }).ToList();
        target.WriteManifest(chosen);
        WriteSplit(target, chosen, split);
    }

    private static void Finish(DatasetFolder folder, SplitName split)
    {
        folder.CommitManifest();
        WriteSplit(folder, folder.ReadManifest(), split);
    }

    private static void WriteSplit(DatasetFolder folder, IReadOnlyList<DatasetItem> items, SplitName split)
    {
        var scenes = items.Select(i => i.SceneId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToList();
        var s = split switch
        {
            SplitName.Train => new SceneSplit { Train = scenes },
            SplitName.Val => new SceneSplit { Val = scenes },
            _ => new SceneSplit { Test = scenes },
        };
        s.Save(Path.Combine(folder.Root, DatasetFolder.SplitsFileName));
    }
}
