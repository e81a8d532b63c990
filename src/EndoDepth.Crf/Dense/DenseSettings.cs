namespace EndoDepth.Crf.Dense;

/// <summary>How superpixel depths become a per-pixel map.</summary>
public enum DenseFill
{
    /// <summary>Every pixel takes its superpixel's depth (DCNF).</summary>
    Assignment = 0,
    /// <summary>
    /// Each pixel averages its own and the adjacent superpixels' depths, weighted by distance to their centroids and by
    /// grey-level similarity (a joint-bilateral fill that keeps depth edges at intensity edges).
    /// </summary>
    EdgeAware = 1,
}

/// <summary>Settings of the dense output.</summary>
/// <param name="Fill">Assignment (default) or edge-aware fill.</param>
/// <param name="SpatialSigma">Spatial σ of the edge-aware fill, in units of the superpixel spacing √(pixels /
/// count).</param>
/// <param name="RangeSigma">Grey-level σ of the edge-aware fill (grey in [0, 1]).</param>
public sealed record DenseSettings(DenseFill Fill = DenseFill.Assignment, double SpatialSigma = 0.75,
    double RangeSigma = 0.1)
{
    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown fill, or a σ that is not positive and finite.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Fill)) throw new ArgumentOutOfRangeException(nameof(Fill), Fill, "Unknown fill.");
        if (!(SpatialSigma > 0) || !double.IsFinite(SpatialSigma))
            throw new ArgumentOutOfRangeException(nameof(SpatialSigma), SpatialSigma, "Must be positive and finite.");
        if (!(RangeSigma > 0) || !double.IsFinite(RangeSigma))
            throw new ArgumentOutOfRangeException(nameof(RangeSigma), RangeSigma, "Must be positive and finite.");
    }
}
