using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Core.Tests.Datasets;

public sealed class DatasetFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"endodepth-ds-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static DatasetItem Item(string id, string scene, string depthExt = ".npy") => new(
        id, scene, "preset-a", $"images/{id}.png", $"depth/{scene}{depthExt}",
        CameraRecord.From(CameraModel.Fisheye(8, 6, 140f)), RigidPose.Identity.ToMatrix4x4(), "synthetic");

    [Fact]
    public void Items_written_then_committed_read_back_in_id_order_with_their_files()
    {
        var ds = new DatasetFolder(_root);
        var img = new ImageF(8, 6, 1);
        var depth = new DepthMap(8, 6, Enumerable.Range(1, 48).Select(v => (float)v).ToArray());
        ds.WriteItem(Item("0002", "s1"), img, depth);
        ds.WriteItem(Item("0001", "s1"), img, depth, writeDepth: false);
        ds.WriteItem(Item("0003", "s2", ".png"), img.ToRgb(), depth);
        Assert.True(ds.IsComplete("0001"));
        Assert.False(ds.IsComplete("0009"));
        Assert.Equal(3, ds.CommitManifest());

        var items = ds.ReadManifest();
        Assert.Equal(["0001", "0002", "0003"], items.Select(i => i.Id));
        Assert.Equal(CameraModel.Fisheye(8, 6, 140f).Fx, items[0].Camera.ToCamera().Fx, 4);
        Assert.Equal(depth.Millimetres, ds.LoadDepth(items[0]).Millimetres);
        Assert.Equal(depth.Millimetres, ds.LoadDepth(items[2]).Millimetres); // 16-bit PNG: whole mm are exact
        Assert.Equal(3, ds.LoadImage(items[2]).Channels);
        Assert.Equal(3, ds.ReadSplit(SplitName.Train).Count); // no splits.json: everything is train
    }

    [Fact]
    public void Scene_splits_never_share_a_scene_and_are_stable()
    {
        var scenes = Enumerable.Range(0, 200).Select(i => $"scene-{i:000}").ToList();
        var split = SceneSplit.ByHash(scenes, 0.1, 0.2, seed: 3);
        Assert.Equal(200, split.Train.Count + split.Val.Count + split.Test.Count);
        Assert.Empty(split.Train.Intersect(split.Test));
        Assert.Empty(split.Val.Intersect(split.Test));
        Assert.InRange(split.Test.Count, 20, 60);
        var grown = SceneSplit.ByHash(scenes.Append("scene-new"), 0.1, 0.2, seed: 3);
        Assert.All(split.Test, s => Assert.Contains(s, grown.Test));
        var bad = new SceneSplit { Train = ["a"], Test = ["a"] };
        Assert.Throws<DatasetException>(() => bad.Validate("splits.json"));
    }

    [Fact]
    public void Malformed_manifests_raise_a_dataset_exception_with_the_line()
    {
        Directory.CreateDirectory(_root);
        var ds = new DatasetFolder(_root);
        Assert.Throws<DatasetException>(() => ds.ReadManifest()); // missing
        File.WriteAllText(Path.Combine(_root, DatasetFolder.ManifestFileName), "{\"id\": \"1\"\n");
        var e = Assert.Throws<DatasetException>(() => ds.ReadManifest());
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetFolder.ManifestFileName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsafe_ids_are_refused()
    {
        var ds = new DatasetFolder(_root);
        Assert.Throws<ArgumentException>(() => ds.WriteItem(Item("../x", "s"), new ImageF(8, 6), new DepthMap(8, 6)));
    }
}
