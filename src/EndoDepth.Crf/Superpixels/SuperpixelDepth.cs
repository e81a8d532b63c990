using EndoDepth.Imaging;

namespace EndoDepth.Crf.Superpixels;

/// <summary>
/// The ground-truth depth of each superpixel: the mean of its valid pixels (mm), optionally as log-depth (DCNF trains
/// on log-depth). Superpixels without a valid pixel are marked invalid.
/// </summary>
public static class SuperpixelDepth
{
    /// <summary>Per-superpixel mean depth (mm) and validity.</summary>
    /// <exception cref="ArgumentException">The depth map's size differs from the segmentation's.</exception>
    public static (float[] Depth, bool[] Valid) Mean(SuperpixelSegmentation segmentation, DepthMap depth,
        bool logDepth = false)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(depth);
        if (depth.Width != segmentation.Width || depth.Height != segmentation.Height)
            throw new ArgumentException($"Depth map is {depth.Width}×{depth.Height}, segmentation is " +
                $"{segmentation.Width}×{segmentation.Height}.", nameof(depth));
        var sum = new double[segmentation.Count]; var n = new int[segmentation.Count];
        for (var p = 0; p < segmentation.Labels.Length; p++)
        {
            if (!depth.Valid[p]) continue;
            var l = segmentation.Labels[p];
            sum[l] += depth.Millimetres[p]; n[l]++;
        }
        var d = new float[segmentation.Count]; var valid = new bool[segmentation.Count];
        for (var l = 0; l < d.Length; l++)
        {
            if (n[l] == 0) continue;
            valid[l] = true;
            var mean = sum[l] / n[l];
            d[l] = (float)(logDepth ? Math.Log(mean) : mean);
        }
        return (d, valid);
    }
}
