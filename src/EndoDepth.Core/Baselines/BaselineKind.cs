namespace EndoDepth.Baselines;

/// <summary>The depth baselines every accuracy figure stands beside (fitted on the training set only).</summary>
public enum BaselineKind
{
    /// <summary><see cref="ConstantDepthBaseline"/>: the mean valid training depth everywhere.</summary>
    Constant = 0,
    /// <summary><see cref="MeanDepthPriorBaseline"/>: the per-pixel mean training depth.</summary>
    Prior = 1,
    /// <summary><see cref="InverseSquareShadingBaseline"/>: d = k / √(L_blur + ε).</summary>
    Shading = 2,
}
