using EndoDepth.Crf.Superpixels;

namespace EndoDepth.Crf.Features;

/// <summary>
/// The K similarities S^k_pq = exp(−γ_k ‖f_p − f_q‖₂) of every edge of the graph (the input of eq. 4).
/// </summary>
public static class PairwiseSimilarities
{
    /// <summary>Similarities: EdgeCount × K, row-major, in the order intensity, histogram, [LBP].</summary>
    public static float[] Compute(SuperpixelFeatures features, SuperpixelGraph graph, PairwiseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(settings);
        var k = settings.K;
        var s = new float[graph.EdgeCount * k];
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            int p = graph.From[e], q = graph.To[e];
            // Colour distance as the RMS over channels, so three equal channels give the grey image's similarity.
            s[e * k] = Similarity(features.Intensity, features.Channels, p, q,
                settings.IntensityGamma / Math.Sqrt(features.Channels));
            s[e * k + 1] = Similarity(features.Histogram, features.Bins, p, q, settings.HistogramGamma);
            if (settings.UseLbp) s[e * k + 2] = Similarity(features.Lbp!, LocalBinaryPattern.Codes, p, q,
                settings.LbpGamma);
        }
        return s;
    }

    private static float Similarity(float[] f, int dim, int p, int q, double gamma)
    {
        double d2 = 0;
        for (var i = 0; i < dim; i++) { double d = f[p * dim + i] - f[q * dim + i]; d2 += d * d; }
        return (float)Math.Exp(-gamma * Math.Sqrt(d2));
    }
}
