namespace EndoDepth.Registration;

/// <summary>
/// Settings of the Levenberg–Marquardt refinement of an NCC registration (after the (1+1)-ES of each pyramid
/// level, its difference step scaled like σ; see docs/registration.md).
/// </summary>
/// <param name="MaxIterations">Most Gauss–Newton iterations (13 views each). Default 12; 0 turns the refinement
/// off.</param>
/// <param name="DifferenceStep">Central-difference step h, in mm along each translation axis and degrees about each
/// rotation axis. Default 0.25 (wide enough to span the depth march's lattice kinks).</param>
/// <param name="InitialDamping">λ at the start. Default 0.01.</param>
/// <param name="MaxDampingIncreases">Shorter steps tried per iteration before it stops. Default 6.</param>
/// <param name="Tolerance">Stops once a step is shorter than this (mm and degrees together). Default 0.005.</param>
public sealed record RefinementSettings(
    int MaxIterations = 12,
    double DifferenceStep = 0.25,
    double InitialDamping = 0.01,
    int MaxDampingIncreases = 6,
    double Tolerance = 0.005)
{
    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxIterations is < 0 or > 1000)
            throw new ArgumentException($"MaxIterations must be in 0..1000, got {MaxIterations}.");
        if (!(DifferenceStep > 0) || !double.IsFinite(DifferenceStep))
            throw new ArgumentException($"DifferenceStep must be positive, got {DifferenceStep}.");
        if (!(InitialDamping > 0) || !double.IsFinite(InitialDamping))
            throw new ArgumentException($"InitialDamping must be positive, got {InitialDamping}.");
        if (MaxDampingIncreases is < 1 or > 60)
            throw new ArgumentException($"MaxDampingIncreases must be in 1..60, got {MaxDampingIncreases}.");
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance))
            throw new ArgumentException($"Tolerance must be positive, got {Tolerance}.");
    }
}
