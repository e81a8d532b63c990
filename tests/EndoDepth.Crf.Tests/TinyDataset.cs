using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

/// <summary>
/// A tiny generated dataset in the foundation's folder format: 32×32 grey images of tilted planes lit from the camera,
/// intensity (d₀/d)² falling off with depth d (mm), so depth is learnable from intensity. Some pixels are invalid.
/// </summary>
internal static class TinyDataset
{
    public const int Size = 32;

    public static (ImageF Image, DepthMap Depth) Item(int seed)
    {
        var rng = new Random(seed);
        double d0 = 15 + 15 * rng.NextDouble(), gx = 20 * (rng.NextDouble() - 0.5), gy = 20 * (rng.NextDouble() - 0.5);
        var img = new ImageF(Size, Size);
        var mm = new float[Size * Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var d = d0 + gx * x / Size + gy * y / Size + 3 * Math.Sin(x * 0.4) * Math.Cos(y * 0.3);
                mm[y * Size + x] = (float)d;
                img[x, y] = (float)Math.Clamp(Math.Pow(12.0 / d, 2), 0, 1);
            }
        mm[0] = 0; mm[1] = float.NaN; // a couple of invalid pixels
        return (img, new DepthMap(Size, Size, mm));
    }

    public static DatasetFolder Create(string root, int count, int seed = 0)
    {
        var folder = new DatasetFolder(root);
        var cam = new CameraRecord(CameraRecord.PinholeName, Size, Size, 30, 30, 16, 16, 80);
        for (var i = 0; i < count; i++)
        {
            var (img, depth) = Item(seed * 1000 + i);
            var id = $"item{i:D3}";
            folder.WriteItem(new DatasetItem(id, $"scene{i:D3}", null, $"images/{id}.png", $"depth/{id}.npy", cam, null,
                "synthetic"), img, depth);
        }
        folder.CommitManifest();
        return folder;
    }
}
