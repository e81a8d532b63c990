using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Networks;

/// <summary>
/// Crops a P×P patch centred on each superpixel centroid (paper: 224×224), borders replicated; grey images enter as
/// three equal channels (paper). Values are the image's [0, 1] values mapped to [−1, 1].
/// </summary>
public static class PatchExtractor
{
    /// <summary>An N×3×P×P float32 tensor of the patches of all superpixels (on the CPU).</summary>
    public static Tensor Extract(ImageF image, SuperpixelSegmentation segmentation, int patchSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(segmentation);
        return Extract(image, segmentation.CentroidX, segmentation.CentroidY, patchSize);
    }

    /// <summary>An N×3×P×P float32 tensor of patches centred on the given points (on the CPU).</summary>
    public static Tensor Extract(ImageF image, IReadOnlyList<float> centreX, IReadOnlyList<float> centreY,
        int patchSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(centreX);
        ArgumentNullException.ThrowIfNull(centreY);
        var rgb = image.Channels == 3 ? image : image.ToRgb();
        int n = centreX.Count, p = patchSize, w = rgb.Width, h = rgb.Height;
        var data = new float[(long)n * 3 * p * p];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var colIdx = new int[p];
            int x0 = (int)MathF.Round(centreX[i]) - p / 2, y0 = (int)MathF.Round(centreY[i]) - p / 2;
            for (var u = 0; u < p; u++) colIdx[u] = Math.Clamp(x0 + u, 0, w - 1);
            for (var c = 0; c < 3; c++)
            {
                var plane = rgb.Plane(c);
                for (var v = 0; v < p; v++)
                {
                    var row = Math.Clamp(y0 + v, 0, h - 1) * rgb.Stride;
                    var o = (((long)i * 3 + c) * p + v) * p;
                    for (var u = 0; u < p; u++) data[o + u] = 2f * plane[row + colIdx[u]] - 1f;
                }
            }
        });
        return tensor(data, [n, 3, p, p]);
    }
}
