namespace EndoDepth.Crf;

/// <summary>Where the time of one prediction went (milliseconds).</summary>
/// <param name="SlicMs">Superpixels, graph and similarities.</param>
/// <param name="PatchesMs">Patch extraction.</param>
/// <param name="CnnMs">Unary CNN and pairwise layer.</param>
/// <param name="CrfMs">Building A and solving A y = z.</param>
/// <param name="DenseMs">Dense output.</param>
public sealed record PredictionTimings(double SlicMs, double PatchesMs, double CnnMs, double CrfMs, double DenseMs)
{
    /// <summary>Total milliseconds.</summary>
    public double TotalMs => SlicMs + PatchesMs + CnnMs + CrfMs + DenseMs;
}
