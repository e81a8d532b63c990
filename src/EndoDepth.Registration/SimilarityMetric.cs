namespace EndoDepth.Registration;

/// <summary>How a virtual view is compared with an optical frame (<see cref="ImageSimilarity"/>).</summary>
public enum SimilarityMetric
{
    /// <summary>Normalised cross-correlation, in [−1, 1]: invariant to gain and offset of either image.</summary>
    Ncc,

    /// <summary>Mutual information of the joint grey-level histogram (nats): invariant to any one-to-one mapping of
    /// grey levels onto bins, e.g. the optical camera's unknown tone curve.</summary>
    MutualInformation,

    /// <summary>Correlation ratio η²(frame | virtual shading), in [0, 1]: invariant to any monotone mapping of the
    /// virtual shading (its quantile bins) and to gain and offset of the frame, so an unknown fall-off exponent or tone
    /// curve drops out (Roche et al. 1998).</summary>
    CorrelationRatio,
}
