namespace EndoDepth.Metrics;

/// <summary>
/// Settings of a depth evaluation. The defaults are the paper's evaluation: no alignment, no clamp range, every pixel
/// with valid ground truth evaluated.
/// </summary>
/// <remarks>
/// A pixel is evaluated when its ground truth is valid (finite, &gt; 0) and lies in
/// [<see cref="MinDepthMm"/>, <see cref="MaxDepthMm"/>]. The prediction is scaled per image (<see cref="Alignment"/>),
/// then, when <see cref="ClampPredictions"/> is set, clamped into the same range (the SCARED / SimCol3D convention;
/// a missing prediction then becomes <see cref="MinDepthMm"/>). Evaluated pixels whose prediction is still not a
/// finite positive number are skipped and counted in <see cref="DepthMetrics.MissingPredictions"/>.
/// </remarks>
public sealed record MetricsOptions
{
    /// <summary>
    /// Per-image scale alignment. Default <see cref="DepthAlignment.None"/> (the paper's evaluation).
    /// </summary>
    public DepthAlignment Alignment { get; init; } = DepthAlignment.None;

    /// <summary>Smallest ground-truth depth evaluated (mm). Default 0 (every positive depth).</summary>
    public double MinDepthMm { get; init; }

    /// <summary>Largest ground-truth depth evaluated (mm). Default +∞.</summary>
    public double MaxDepthMm { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// Clamp (aligned) predictions into [<see cref="MinDepthMm"/>, <see cref="MaxDepthMm"/>]. Default false; set
    /// together with the range a benchmark specifies (<see cref="WithRange"/> sets all three).
    /// </summary>
    public bool ClampPredictions { get; init; }

    /// <summary>The paper's evaluation: no alignment, no clamp.</summary>
    public static MetricsOptions Default { get; } = new();

    /// <summary>A clamp range for both masking the ground truth and clamping predictions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">min &lt; 0 or max ≤ min.</exception>
    public MetricsOptions WithRange(double minDepthMm, double maxDepthMm)
    {
        if (!(minDepthMm >= 0) || !(maxDepthMm > minDepthMm))
            throw new ArgumentOutOfRangeException(nameof(minDepthMm),
                $"Depth range [{minDepthMm}, {maxDepthMm}] must satisfy 0 ≤ min < max.");
        return this with { MinDepthMm = minDepthMm, MaxDepthMm = maxDepthMm, ClampPredictions = true };
    }

    /// <summary>Throws when the settings are inconsistent.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative minimum, or a maximum not above the
    /// minimum.</exception>
    public void Validate()
    {
        if (!(MinDepthMm >= 0) || !(MaxDepthMm > MinDepthMm))
            throw new ArgumentOutOfRangeException(nameof(MinDepthMm),
                $"Depth range [{MinDepthMm}, {MaxDepthMm}] must satisfy 0 ≤ min < max.");
        if (!Enum.IsDefined(Alignment)) throw new ArgumentOutOfRangeException(nameof(Alignment));
    }
}
