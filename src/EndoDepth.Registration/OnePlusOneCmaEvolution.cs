using EndoDepth.Randomness;
using MathNet.Numerics.LinearAlgebra;

namespace EndoDepth.Registration;

/// <summary>
/// The (1+1)-CMA-ES (Igel, Suttorp &amp; Hansen, GECCO 2006; as written in Igel, Hansen &amp; Roth 2007, §3),
/// maximising an objective: the (1+1)-ES whose mutation N(0, σ²C) also learns its shape C from the steps that
/// succeeded, so a narrow, tilted valley (for poses: sideways translation against rotation) is searched along its
/// length instead of across it. Per evaluation, with y = A·z, z ~ N(0, I), C = AAᵀ:
/// p̄ ← (1 − c_p)·p̄ + c_p·[success]; σ ← σ·exp((p̄ − p_t)/(d·(1 − p_t))) (step size);
/// on success, when p̄ &lt; p_thresh, p_c ← (1 − c_c)·p_c + √(c_c(2 − c_c))·y and
/// C ← (1 − c_cov)·C + c_cov·p_c·p_cᵀ, otherwise p_c ← (1 − c_c)·p_c and
/// C ← (1 − c_cov)·C + c_cov·(p_c·p_cᵀ + c_c(2 − c_c)·C);
/// with c_p = p_t/(2 + p_t), c_c = 2/(n + 2), c_cov = 2/(n² + 6), p_thresh = 0.44, d = 1 + n/2 and p_t the
/// settings' success target.
/// Stops, like <see cref="OnePlusOneEvolution"/>, on the step floor (converged) or the budget. Deterministic: the
/// deviates come from <see cref="EvolutionSettings.Seed"/> alone.
/// </summary>
public static class OnePlusOneCmaEvolution
{
    /// <summary>Stream of <see cref="Randomness.Seed.Derive64"/> for the deviates.</summary>
    private const long MutationStream = 0x434D4131; // "CMA1"

    /// <summary>Success rate above which the covariance update stalls the path (Igel et al. 2006).</summary>
    private const double SuccessThreshold = 0.44;

    /// <summary>
    /// Maximises <paramref name="objective"/> from <paramref name="start"/>; <paramref name="displace"/> moves a
    /// point by a step vector (σ·y, n entries, in the caller's units at σ = 1).
    /// </summary>
    /// <param name="start">The first parent.</param>
    /// <param name="objective">The fitness to maximise; NaN counts as −∞.</param>
    /// <param name="displace">The point moved by a step vector of <paramref name="dimensions"/> entries.</param>
    /// <param name="dimensions">Degrees of freedom n.</param>
    /// <param name="settings">Step sizes, stopping rules and seed; defaults when null.</param>
    /// <param name="cancellationToken">Checked before every evaluation.</param>
    /// <exception cref="ArgumentException">Invalid settings or dimensions.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EvolutionResult<TPoint> Maximise<TPoint>(TPoint start, Func<TPoint, double> objective,
        Func<TPoint, double[], TPoint> displace, int dimensions, EvolutionSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(displace);
        if (dimensions < 1) throw new ArgumentException($"Dimensions must be ≥ 1, got {dimensions}.",
            nameof(dimensions));
        var s = settings ?? new EvolutionSettings();
        s.Validate();
        int n = dimensions;
        double pt = s.SuccessTarget, d = s.Damping > 0 ? s.Damping : 1 + n / 2.0;
        double cp = pt / (2 + pt), cc = 2.0 / (n + 2), ccov = 2.0 / (n * n + 6);
        var random = new SplitMix64(Seed.Derive64(s.Seed, MutationStream, 0));
        var m = Matrix<double>.Build;
        var covariance = m.DenseIdentity(n);
        var shape = m.DenseIdentity(n); // A, the lower Cholesky factor of C
        var path = Vector<double>.Build.Dense(n);

        cancellationToken.ThrowIfCancellationRequested();
        var parent = start;
        var fitness = OnePlusOneEvolution.Fit(objective(parent));
        int evaluations = 1, successes = 0;
        double sigma = s.InitialStep, successRate = pt;
        while (sigma >= s.MinStep && evaluations < s.MaxEvaluations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var z = Vector<double>.Build.Dense(n, _ => random.Gaussian());
            var y = shape * z;
            var child = displace(parent, [.. (y * sigma)]);
            var f = OnePlusOneEvolution.Fit(objective(child));
            evaluations++;
            var success = f > fitness;
            successRate = (1 - cp) * successRate + cp * (success ? 1 : 0);
            sigma *= Math.Exp((successRate - pt) / (d * (1 - pt)));
            if (!success) continue;
            parent = child;
            fitness = f;
            successes++;
            if (successRate < SuccessThreshold)
            {
                path = (1 - cc) * path + Math.Sqrt(cc * (2 - cc)) * y;
                covariance = (1 - ccov) * covariance + ccov * path.OuterProduct(path);
            }
            else
            {
                path = (1 - cc) * path;
                covariance = (1 - ccov) * covariance + ccov * (path.OuterProduct(path) + cc * (2 - cc) * covariance);
            }
            shape = covariance.Cholesky().Factor;
        }
        return new EvolutionResult<TPoint>(parent, fitness, evaluations, successes, sigma, sigma < s.MinStep);
    }
}
