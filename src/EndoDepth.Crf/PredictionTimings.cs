namespace EndoDepth.Crf;

/// <summary>Where the time of one prediction went (milliseconds).</summary>
/// <param name="SlicMs">Superpixels, graph and similarities.</param>
/// <param name="UnaryMs">The unary network (patch extraction included for the per-patch unary).</param>
/// <param name="CrfMs">The pairwise layer, building A and solving A y = z.</param>
/// <param name="DenseMs">Dense output.</param>
public sealed record PredictionTimings(double SlicMs, double UnaryMs, double CrfMs, double DenseMs)
{
    /// <summary>Total milliseconds.</summary>
    public double TotalMs => SlicMs + UnaryMs + CrfMs + DenseMs;
}
