using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Rendering.Tests.Cinematic;

public sealed class CinematicDatasetGeneratorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endodepth-cine-" + Guid.NewGuid().ToString("N"));
    private static readonly ComputeDevice Cpu = new(ComputeBackend.ParallelFor);

    private static readonly CinematicDatasetSettings Settings = new()
    {
        Views = 5, Width = 12, Height = 10, FieldOfViewDegrees = 100f, Seed = 9,
    };

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static CinematicDatasetGenerator Generator(CinematicDatasetSettings? settings = null) =>
        new(new CinematicRenderer(new CinematicSettings(SamplesPerPixel: 2, Seed: 1), Cpu), settings ?? Settings,
            [CinematicPresets.PinkMucosa, CinematicPresets.AmberMatte]);

    /// <summary>Two tubes; a pose on the axis at a depth drawn from the view seed, looking down the tube.</summary>
    private static List<CinematicVolumeSource> Volumes(List<string>? opened = null) =>
        [.. new[] { "tube-a", "tube-b" }.Select((id, k) => new CinematicVolumeSource(id, _ =>
        {
            opened?.Add(id);
            var volume = TestVolumes.Tube(24, 40, 7f + k);
            return (volume, seed =>
            {
                var rng = new SplitMix64(seed);
                var z = rng.Uniform(4f, 16f);
                return RigidPose.LookAt(new Float3(11.5f, 11.5f, z), new Float3(11.5f, 11.5f, z + 10f), Float3.UnitX);
            });
        }))];

    private DatasetFolder Folder(string name) => new(Path.Combine(_root, name));

    private static Dictionary<string, byte[]> Files(DatasetFolder f) =>
        Directory.EnumerateFiles(f.Root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(f.Root, p), File.ReadAllBytes);

    [Fact]
    public void Looks_of_a_view_share_one_depth_file_and_views_spread_over_the_volumes()
    {
        var folder = Folder("whole");
        Assert.Equal(5, Generator().Generate(folder, Volumes(), DatasetShard.All));
        var items = folder.ReadManifest();
        Assert.Equal(5 * 2, items.Count);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(folder.Root, "depth"), "*.npy").Length);
        foreach (var scene in items.GroupBy(i => i.SceneId))
        {
            Assert.Equal(["amber-matte", "pink-mucosa"], scene.Select(i => i.PresetId!).Order(StringComparer.Ordinal));
            Assert.Single(scene.Select(i => i.Depth).Distinct());
            Assert.Equal($"depth/{scene.Key}.npy", scene.First().Depth);
        }
        // View v images volume v mod 2.
        Assert.Equal(3, items.Count(i => i.SceneId.StartsWith("tube-a-view", StringComparison.Ordinal)) / 2);
        Assert.Contains(items, i => i.SceneId == CinematicDatasetGenerator.SceneId("tube-b", 1));
    }

    [Fact]
    public void Resume_after_a_cancel_and_shards_give_the_bytes_of_an_uninterrupted_run()
    {
        var whole = Folder("whole");
        Generator().Generate(whole, Volumes(), DatasetShard.All);
        var expected = Files(whole);

        var resumed = Folder("resumed");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Done >= 2) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(
            () => Generator().Generate(resumed, Volumes(), DatasetShard.All, progress, cts.Token));
        Assert.Equal(2 * 2, resumed.ReadManifest().Count); // the manifest is whole: 2 views of 2 looks
        var opened = new List<string>();
        Assert.Equal(3, Generator().Generate(resumed, Volumes(opened), DatasetShard.All));
        Assert.Equal(expected, Files(resumed));
        Assert.Equal(0, Generator().Generate(resumed, Volumes(opened), DatasetShard.All));
        Assert.Equal(2, opened.Count); // the second rerun opened no volume

        var sharded = Folder("sharded");
        foreach (var k in new[] { 1, 0 }) Generator().Generate(sharded, Volumes(), new DatasetShard(k, 2));
        Assert.Equal(expected, Files(sharded));
    }

    [Fact]
    public void One_look_per_view_cycles_through_the_presets()
    {
        var folder = Folder("cycle");
        Generator(Settings with { Views = 4, PresetsPerView = 1 }).Generate(folder, Volumes(), DatasetShard.All);
        var items = folder.ReadManifest();
        Assert.Equal(4, items.Count);
        Assert.Equal(2, items.Count(i => i.PresetId == "pink-mucosa"));
        Assert.Equal(2, items.Count(i => i.PresetId == "amber-matte"));
    }

    private sealed class SynchronousProgress(Action<(double Done, int Total)> report)
        : IProgress<(double Done, int Total)>
    {
        public void Report((double Done, int Total) value) => report(value);
    }
}
