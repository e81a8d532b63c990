namespace EndoDepth.Crf.Features;

/// <summary>
/// The pairwise similarities S^k_pq = exp(−γ_k ‖f_p − f_q‖₂) between adjacent superpixels (eq. 4). The paper
/// uses intensity and grey-level histogram; DCNF also used LBP texture (off by default here). γ = 1 as in DCNF. The
/// colour distance is the RMS over channels, so an RGB image of three equal channels behaves as its grey image.
/// </summary>
/// <param name="IntensityGamma">γ of the mean intensity/colour feature (values in [0, 1]).</param>
/// <param name="HistogramGamma">γ of the normalised grey-level histogram feature.</param>
/// <param name="HistogramBins">Bins of the grey-level histogram over [0, 1].</param>
/// <param name="UseLbp">Adds a third similarity: the histogram of rotation-invariant uniform LBP codes (P = 8, R =
/// 1).</param>
/// <param name="LbpGamma">γ of the LBP histogram feature.</param>
public sealed record PairwiseSettings(
    double IntensityGamma = 1.0, double HistogramGamma = 1.0, int HistogramBins = 16, bool UseLbp = false,
    double LbpGamma = 1.0)
{
    /// <summary>Number K of similarities (the input width of the β layer).</summary>
    public int K => UseLbp ? 3 : 2;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (HistogramBins is < 2 or > 4096) throw new ArgumentOutOfRangeException(nameof(HistogramBins),
            HistogramBins, "Between 2 and 4,096 bins.");
        foreach (var (g, name) in new[] { (IntensityGamma, nameof(IntensityGamma)),
            (HistogramGamma, nameof(HistogramGamma)), (LbpGamma, nameof(LbpGamma)) })
            if (!(g >= 0) || !double.IsFinite(g))
                throw new ArgumentOutOfRangeException(name, g, "γ must be finite and non-negative.");
    }
}
