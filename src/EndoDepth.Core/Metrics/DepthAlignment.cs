namespace EndoDepth.Metrics;

/// <summary>How a predicted depth map is scaled to the ground truth before the metrics are computed.</summary>
public enum DepthAlignment
{
    /// <summary>No scaling: the prediction is taken as metric depth in mm (the paper's evaluation).</summary>
    None = 0,

    /// <summary>
    /// Per-image median scaling, s = median(gt) / median(pred) over the evaluated pixels (SCARED / monocular
    /// self-supervised evaluations).
    /// </summary>
    Median = 1,

    /// <summary>
    /// Per-image least-squares scale, s = Σ gt·pred / Σ pred² over the evaluated pixels (SimCol3D-style).
    /// </summary>
    LeastSquares = 2,
}
