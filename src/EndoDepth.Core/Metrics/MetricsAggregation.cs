namespace EndoDepth.Metrics;

/// <summary>How metrics over a set of images are aggregated.</summary>
public enum MetricsAggregation
{
    /// <summary>
    /// Every valid pixel of the whole set counts once: means are over the set's N valid pixels (the paper's N in its
    /// definitions of rel, log10 and rms). Images with more valid pixels weigh more.
    /// </summary>
    AllPixels = 0,

    /// <summary>Each image's metrics are computed on its own, then averaged with equal weight per image.</summary>
    MeanOfImages = 1,
}
