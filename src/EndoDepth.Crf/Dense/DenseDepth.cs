using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Dense;

/// <summary>Superpixel depths (mm) to a dense depth map (assignment, or an edge-aware fill).</summary>
public static class DenseDepth
{
    /// <summary>Every pixel gets its superpixel's value.</summary>
    public static DepthMap Assign(SuperpixelSegmentation segmentation, ReadOnlySpan<float> superpixelMm)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        var mm = new float[segmentation.Labels.Length];
        for (var p = 0; p < mm.Length; p++) mm[p] = superpixelMm[segmentation.Labels[p]];
        return new DepthMap(segmentation.Width, segmentation.Height, mm);
    }

    /// <summary>
    /// Edge-aware fill: pixel value = Σ_q w_q d_q / Σ_q w_q over its superpixel and the adjacent ones, with
    /// w_q = exp(−‖x − c_q‖² / 2σ_s²) · exp(−(g(x) − ḡ_q)² / 2σ_r²).
    /// </summary>
    public static DepthMap EdgeAware(ImageF image, SuperpixelSegmentation segmentation, SuperpixelGraph graph,
        ReadOnlySpan<float> superpixelMm, ReadOnlySpan<float> superpixelGrey, DenseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(settings);
        int w = segmentation.Width, h = segmentation.Height, n = segmentation.Count;
        var neighbours = new List<int>[n];
        for (var i = 0; i < n; i++) neighbours[i] = [i];
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            neighbours[graph.From[e]].Add(graph.To[e]);
            neighbours[graph.To[e]].Add(graph.From[e]);
        }
        var spacing = Math.Sqrt((double)w * h / Math.Max(1, n));
        var inv2s2 = 1.0 / (2 * Math.Pow(settings.SpatialSigma * spacing, 2));
        var inv2r2 = 1.0 / (2 * settings.RangeSigma * settings.RangeSigma);
        var grey = image.ToGrey();
        var mm = new float[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var l = segmentation.Labels[y * w + x];
                var g = grey[x, y];
                double sw = 0, sd = 0;
                foreach (var q in neighbours[l])
                {
                    double dx = x - segmentation.CentroidX[q], dy = y - segmentation.CentroidY[q];
                    double dg = g - superpixelGrey[q];
                    var wq = Math.Exp(-(dx * dx + dy * dy) * inv2s2 - dg * dg * inv2r2);
                    sw += wq; sd += wq * superpixelMm[q];
                }
                mm[y * w + x] = sw > 1e-300 ? (float)(sd / sw) : superpixelMm[l];
            }
        return new DepthMap(w, h, mm);
    }
}
