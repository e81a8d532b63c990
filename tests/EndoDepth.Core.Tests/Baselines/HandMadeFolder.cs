using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Core.Tests.Baselines;

/// <summary>A temporary dataset folder written from hand-made images and depth maps (one scene per item).</summary>
internal sealed class HandMadeFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"endodepth-baselines-{Guid.NewGuid():N}");

    public DatasetFolder Folder { get; }

    /// <summary>
    /// Writes the items; with <paramref name="trainScenes"/>, a splits.json putting those scenes in train and the rest
    /// in test.
    /// </summary>
    public HandMadeFolder(IReadOnlyList<(ImageF Image, DepthMap Depth)> items, IReadOnlyList<int>? trainScenes = null)
    {
        Folder = new DatasetFolder(Root);
        for (var i = 0; i < items.Count; i++)
        {
            var (image, depth) = items[i];
            var cam = CameraRecord.From(CameraModel.Pinhole(image.Width, image.Height, 90f));
            Folder.WriteItem(new DatasetItem($"i{i:D3}", Scene(i), null, $"images/i{i:D3}.png", $"depth/i{i:D3}.npy",
                cam, null, "hand-made"), image, depth);
        }
        Folder.CommitManifest();
        if (trainScenes is not null)
            new SceneSplit
            {
                Train = trainScenes.Select(Scene).ToList(),
                Test = Enumerable.Range(0, items.Count).Except(trainScenes).Select(Scene).ToList(),
            }.Save(Path.Combine(Root, DatasetFolder.SplitsFileName));
    }

    private static string Scene(int i) => $"s{i:D3}";

    /// <summary>A depth map from row-major values (0 or NaN = invalid).</summary>
    public static DepthMap Depth(int width, int height, params float[] mm) => new(width, height, mm);

    /// <summary>A grey image of one value.</summary>
    public static ImageF Grey(int width, int height, float value)
    {
        var im = new ImageF(width, height);
        Array.Fill(im.Data, value);
        return im;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
