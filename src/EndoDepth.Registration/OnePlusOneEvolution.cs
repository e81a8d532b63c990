using EndoDepth.Randomness;

namespace EndoDepth.Registration;

/// <summary>
/// A mutation of the (1+1)-ES: the offspring of <paramref name="parent"/> at step size <paramref name="step"/>,
/// drawing its normal deviates from <paramref name="random"/>.
/// </summary>
/// <typeparam name="TPoint">The search space's points.</typeparam>
public delegate TPoint Mutation<TPoint>(TPoint parent, double step, ref SplitMix64 random);

/// <summary>
/// The (1+1) evolution strategy with Rechenberg's 1/5 success rule (Beyer &amp; Schwefel 2002, "Evolution strategies
/// – a comprehensive introduction", §4.1), maximising an objective: one parent, one offspring per generation by a
/// normal mutation of step size σ; the offspring replaces the parent when strictly better. σ adapts after every
/// evaluation, σ ← σ·exp((s − p)/(d·(1 − p))) with s = 1 on success, 0 otherwise, p the target success
/// probability (1/5) and damping d (Kern et al. 2004, eq. 6): on average σ grows when more than one offspring in five
/// succeeds and shrinks when fewer do. Deterministic: the mutations' stream depends only on <see
/// cref="EvolutionSettings.Seed"/>.
/// </summary>
public static class OnePlusOneEvolution
{
    /// <summary>Stream of <see cref="Randomness.Seed.Derive64"/> for the mutations.</summary>
    private const long MutationStream = 0x45533131; // "ES11"

    /// <summary>
    /// Maximises <paramref name="objective"/> from <paramref name="start"/>. Stops when σ falls below the floor
    /// (converged) or the evaluation budget is spent (not converged).
    /// </summary>
    /// <param name="start">The first parent.</param>
    /// <param name="objective">The fitness to maximise; NaN counts as −∞.</param>
    /// <param name="mutate">The mutation (an isotropic normal step of σ in the caller's units).</param>
    /// <param name="dimensions">Degrees of freedom n (sets the default damping 1 + n/2).</param>
    /// <param name="settings">Step sizes, stopping rules and seed; defaults when null.</param>
    /// <param name="cancellationToken">Checked before every evaluation.</param>
    /// <exception cref="ArgumentException">Invalid settings or dimensions.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EvolutionResult<TPoint> Maximise<TPoint>(TPoint start, Func<TPoint, double> objective,
        Mutation<TPoint> mutate, int dimensions, EvolutionSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(mutate);
        if (dimensions < 1) throw new ArgumentException($"Dimensions must be ≥ 1, got {dimensions}.",
            nameof(dimensions));
        var s = settings ?? new EvolutionSettings();
        s.Validate();
        var d = s.Damping > 0 ? s.Damping : 1 + dimensions / 2.0;
        var grow = Math.Exp(1.0 / d);                                    // s = 1
        var shrink = Math.Exp(-s.SuccessTarget / (d * (1 - s.SuccessTarget))); // s = 0
        var random = new SplitMix64(Seed.Derive64(s.Seed, MutationStream, 0));

        cancellationToken.ThrowIfCancellationRequested();
        var parent = start;
        var fitness = Fit(objective(parent));
        var evaluations = 1;
        var successes = 0;
        var sigma = s.InitialStep;
        while (sigma >= s.MinStep && evaluations < s.MaxEvaluations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var child = mutate(parent, sigma, ref random);
            var f = Fit(objective(child));
            evaluations++;
            if (f > fitness)
            {
                parent = child;
                fitness = f;
                successes++;
                sigma *= grow;
            }
            else sigma *= shrink;
        }
        return new EvolutionResult<TPoint>(parent, fitness, evaluations, successes, sigma, sigma < s.MinStep);
    }

    /// <summary>The fitness compared: NaN counts as −∞ (never accepted).</summary>
    internal static double Fit(double f) => double.IsNaN(f) ? double.NegativeInfinity : f;
}
