namespace EndoDepth.Registration;

/// <summary>
/// Settings of the <see cref="OnePlusOneEvolution"/> strategy. The step size σ is a dimensionless scale: each
/// mutation draws N(0, σ²) in units the caller's mutation gives it (for poses, mm and radians, see
/// <see cref="RegistrationSettings"/>). σ starts at <see cref="InitialStep"/>.
/// </summary>
/// <param name="InitialStep">σ at the start. Default 1.</param>
/// <param name="MinStep">Step-size floor: the run stops, converged, once σ falls below it. Default 0.02.</param>
/// <param name="MaxEvaluations">Evaluation budget (the start's evaluation included): the run stops, not converged,
/// when it is spent. Default 400.</param>
/// <param name="SuccessTarget">The target success probability of the 1/5 rule (Rechenberg 1973). Default 0.2.</param>
/// <param name="Damping">d of the per-evaluation 1/5 rule σ ← σ·exp((s − p)/(d·(1 − p))), s = 1 on success
/// (Kern et al. 2004, after Beyer &amp; Schwefel 2002 §4); 0 means 1 + n/2 for n dimensions. Default 0.</param>
/// <param name="Seed">Seed of the mutation stream (<see cref="Randomness.Seed"/>). Default 0.</param>
public sealed record EvolutionSettings(
    double InitialStep = 1.0,
    double MinStep = 0.02,
    int MaxEvaluations = 400,
    double SuccessTarget = 0.2,
    double Damping = 0,
    long Seed = 0)
{
    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(InitialStep > 0) || !double.IsFinite(InitialStep))
            throw new ArgumentException($"InitialStep must be positive and finite, got {InitialStep}.");
        if (!(MinStep > 0) || !(MinStep < InitialStep))
            throw new ArgumentException($"MinStep must be in (0, InitialStep), got {MinStep}.");
        if (MaxEvaluations < 2) throw new ArgumentException($"MaxEvaluations must be ≥ 2, got {MaxEvaluations}.");
        if (!(SuccessTarget > 0 && SuccessTarget < 1))
            throw new ArgumentException($"SuccessTarget must be in (0, 1), got {SuccessTarget}.");
        if (!(Damping >= 0) || !double.IsFinite(Damping))
            throw new ArgumentException($"Damping must be ≥ 0 (0 = 1 + n/2), got {Damping}.");
    }
}
