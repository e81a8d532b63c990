using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Features;

/// <summary>
/// Per-superpixel features f_p for the pairwise similarities: the mean intensity (grey) or colour (RGB), the
/// normalised grey-level histogram and, optionally, the normalised LBP histogram.
/// </summary>
public sealed class SuperpixelFeatures
{
    /// <summary>Mean intensity/colour: Count × channels, row-major.</summary>
    public float[] Intensity { get; }
    /// <summary>Channels of <see cref="Intensity"/>.</summary>
    public int Channels { get; }
    /// <summary>Grey-level histograms: Count × bins, each row summing to 1.</summary>
    public float[] Histogram { get; }
    /// <summary>Histogram bins.</summary>
    public int Bins { get; }
    /// <summary>LBP histograms (Count × <see cref="LocalBinaryPattern.Codes"/>), or null when not computed.</summary>
    public float[]? Lbp { get; }
    /// <summary>Mean grey level of each superpixel (for the edge-aware dense fill).</summary>
    public float[] MeanGrey { get; }

    private SuperpixelFeatures(float[] intensity, int channels, float[] histogram, int bins, float[]? lbp,
        float[] meanGrey)
    {
        Intensity = intensity; Channels = channels; Histogram = histogram; Bins = bins; Lbp = lbp; MeanGrey = meanGrey;
    }

    /// <summary>Computes the features of every superpixel.</summary>
    /// <exception cref="ArgumentException">The image's size differs from the segmentation's.</exception>
    public static SuperpixelFeatures Compute(ImageF image, SuperpixelSegmentation segmentation,
        PairwiseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (image.Width != segmentation.Width || image.Height != segmentation.Height)
            throw new ArgumentException($"Image is {image.Width}×{image.Height}, segmentation is " +
                $"{segmentation.Width}×{segmentation.Height}.", nameof(image));
        int w = image.Width, h = image.Height, n = segmentation.Count;
        int nc = image.Channels, bins = settings.HistogramBins;
        var grey = image.ToGrey();
        var g = new float[w * h];
        for (var y = 0; y < h; y++) grey.Data.AsSpan(y * grey.Stride, w).CopyTo(g.AsSpan(y * w, w));
        var intensity = new double[n * nc];
        var hist = new float[n * bins];
        var meanGrey = new double[n];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var l = segmentation.Labels[y * w + x];
                for (var c = 0; c < nc; c++) intensity[l * nc + c] += image[x, y, c];
                var v = Math.Clamp(g[y * w + x], 0f, 1f);
                hist[l * bins + Math.Min(bins - 1, (int)(v * bins))] += 1;
                meanGrey[l] += v;
            }
        var intensityF = new float[n * nc];
        var meanGreyF = new float[n];
        for (var l = 0; l < n; l++)
        {
            float cnt = segmentation.PixelCounts[l];
            for (var c = 0; c < nc; c++) intensityF[l * nc + c] = (float)(intensity[l * nc + c] / cnt);
            for (var b = 0; b < bins; b++) hist[l * bins + b] /= cnt;
            meanGreyF[l] = (float)(meanGrey[l] / cnt);
        }
        float[]? lbp = null;
        if (settings.UseLbp)
        {
            var codes = LocalBinaryPattern.Compute(g, w, h);
            lbp = new float[n * LocalBinaryPattern.Codes];
            for (var p = 0; p < codes.Length; p++)
                lbp[segmentation.Labels[p] * LocalBinaryPattern.Codes + codes[p]] += 1;
            for (var l = 0; l < n; l++)
                for (var b = 0; b < LocalBinaryPattern.Codes; b++)
                    lbp[l * LocalBinaryPattern.Codes + b] /= segmentation.PixelCounts[l];
        }
        return new SuperpixelFeatures(intensityF, nc, hist, bins, lbp, meanGreyF);
    }
}
