using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Rendering.Tests.Synthetic;

public sealed class SyntheticDatasetGeneratorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endodepth-synth-" + Guid.NewGuid().ToString("N"));
    private static readonly ComputeDevice Cpu = new(ComputeBackend.ParallelFor);

    private static readonly SyntheticDatasetSettings Tiny = new()
    {
        Count = 7, Width = 20, Height = 16, Seed = 42, ViewsPerPhantom = 4, SurfaceSpacingMm = 1.5f,
        Phantom = new ColonPhantomSettings { LengthMm = 100f, PolypCount = 1 },
    };

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private DatasetFolder Folder(string name) => new(Path.Combine(_root, name));

    private static Dictionary<string, byte[]> Files(DatasetFolder f) =>
        Directory.EnumerateFiles(f.Root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(f.Root, p), File.ReadAllBytes);

    [Fact]
    public void Shards_resume_and_reruns_give_the_bytes_of_the_unsharded_run()
    {
        var whole = Folder("whole");
        Assert.Equal(7, new SyntheticDatasetGenerator(Tiny, Cpu).Generate(whole, DatasetShard.All));
        var expected = Files(whole);
        Assert.Equal(7, whole.ReadManifest().Count);

        // Shards 2/3, 0/3, 1/3 into one folder, out of order: the union equals the unsharded run.
        var sharded = Folder("sharded");
        foreach (var k in new[] { 2, 0, 1 })
            new SyntheticDatasetGenerator(Tiny, Cpu).Generate(sharded, new DatasetShard(k, 3));
        Assert.Equal(expected, Files(sharded));

        // Interrupted after 3 items: the manifest is whole; a rerun writes only the missing ones.
        var resumed = Folder("resumed");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Done == 3) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(
            () => new SyntheticDatasetGenerator(Tiny, Cpu).Generate(resumed, DatasetShard.All, progress, cts.Token));
        // Writes in flight when cancelled complete first, so 3 or a few more items are done, and the manifest lists
        // them all.
        var complete = Directory.GetFiles(Path.Combine(resumed.Root, DatasetFolder.RecordsFolderName)).Length;
        Assert.InRange(complete, 3, 6);
        Assert.Equal(complete, resumed.ReadManifest().Count);
        Assert.Equal(7 - complete, new SyntheticDatasetGenerator(Tiny, Cpu).Generate(resumed, DatasetShard.All));
        Assert.Equal(expected, Files(resumed));
        Assert.Equal(0, new SyntheticDatasetGenerator(Tiny, Cpu).Generate(resumed, DatasetShard.All));
    }

    [Fact]
    public void Items_record_camera_pose_and_scene_and_depth_matches_the_png_size()
    {
        var folder = Folder("meta");
        new SyntheticDatasetGenerator(Tiny with { Count = 5 }, Cpu).Generate(folder, DatasetShard.All);
        var items = folder.ReadManifest();
        Assert.Equal(["0000000", "0000001", "0000002", "0000003", "0000004"], items.Select(i => i.Id));
        Assert.Equal(2, items.Select(i => i.SceneId).Distinct().Count()); // 4 views per phantom
        foreach (var it in items)
        {
            Assert.Equal(Tiny.Camera, it.Camera.ToCamera());
            Assert.NotNull(it.Pose);
            var depth = IO.NpyFile.ReadDepth(folder.Resolve(it.Depth));
            Assert.Equal((20, 16), (depth.Width, depth.Height));
            Assert.True(depth.ValidCount > 0);
        }
    }

    [Fact]
    public void
        Given_phantom_seeds_items_spread_round_robin_record_their_rig_and_noise_seed_and_resume_to_the_same_bytes()
    {
        var settings = Tiny with { Count = 6, PhantomSeeds = [11, 12] };
        var whole = Folder("seeds");
        new SyntheticDatasetGenerator(settings, Cpu).Generate(whole, DatasetShard.All);
        var items = whole.ReadManifest();
        Assert.Equal(["11", "12", "11", "12", "11", "12"], items.Select(i => i.Meta!["phantom_seed"]));
        foreach (var it in items)
        {
            var rig = LightRig.Parse(it.Meta!["light_rig"]);
            Assert.InRange(rig.Lights.Count, 2, 3);
            Assert.Equal(it.Meta["lights"],
                rig.Lights.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(6, items.Select(i => i.Meta!["noise_seed"]).Distinct().Count());
        // The recorded rig and noise seed are the ones the image was rendered with.
        var (item, frame) = new SyntheticDatasetGenerator(settings, Cpu).RenderItem(3);
        var phantom = ColonPhantom.Generate(settings.Phantom, 12);
        phantom.UseSurface(phantom.BakeSurface(settings.SurfaceSpacingMm));
        using var model = new SyntheticEndoscope(settings.Endoscope, Cpu);
        var view = new CameraView(settings.Camera, RigidPose.FromMatrix4x4(item.Pose!),
            LightRig.Parse(item.Meta!["light_rig"]));
        var again = model.Render(phantom, view,
            ulong.Parse(item.Meta["noise_seed"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(frame.Image.Data, again.Image.Data);

        var resumed = Folder("seeds-resumed");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Done == 2) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new SyntheticDatasetGenerator(settings, Cpu)
            .Generate(resumed, DatasetShard.All, progress, cts.Token));
        new SyntheticDatasetGenerator(settings, Cpu).Generate(resumed, DatasetShard.All);
        Assert.Equal(Files(whole), Files(resumed));
    }

    [Fact]
    public void Shard_parsing_and_ranges_cover_every_item_once()
    {
        Assert.Equal(new DatasetShard(1, 4), DatasetShard.Parse("1/4"));
        Assert.Throws<FormatException>(() => DatasetShard.Parse("4/4"));
        Assert.Throws<FormatException>(() => DatasetShard.Parse("x"));
        var covered = Enumerable.Range(0, 5).SelectMany(k =>
        {
            var (a, b) = new DatasetShard(k, 5).Range(13);
            return Enumerable.Range(a, b - a);
        });
        Assert.Equal(Enumerable.Range(0, 13), covered);
    }

    [Fact]
    public void Poses_stay_inside_the_lumen_and_mostly_look_along_it()
    {
        var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 160f }, 9);
        phantom.UseSurface(phantom.BakeSurface(1.5f));
        var sampler = new EndoscopePoseSampler(phantom);
        var rng = new SplitMix64(1);
        var along = 0;
        for (var n = 0; n < 200; n++)
        {
            var pose = sampler.Sample(ref rng);
            Assert.True(phantom.Surface.Sample(pose.Position) >= sampler.Settings.MinWallClearanceMm - 0.01f);
            Assert.Equal(0f, Float3.Dot(pose.Forward, pose.Right), 1e-4f);
            // Nearest centerline sample's tangent vs the view direction.
            var k = Enumerable.Range(0, phantom.Centerline.Count)
                .MinBy(i => (phantom.Centerline.Points[i] - pose.Position).LengthSquared);
            if (MathF.Abs(Float3.Dot(pose.Forward, phantom.Centerline.Tangents[k])) > MathF.Cos(30f * MathF.PI / 180f))
                along++;
        }
        Assert.InRange(along, 120, 190); // ~80% along the lumen (±25°), ~20% toward the wall
    }

    private sealed class SynchronousProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
