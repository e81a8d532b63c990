using EndoDepth.Randomness;

namespace EndoDepth.Registration.Tests;

/// <summary>The (1+1)-ES against the theory of the sphere function f(x) = −‖x‖² (Beyer &amp; Schwefel 2002).</summary>
public sealed class EvolutionTests
{
    private const int N = 10;

    private static double[] Mutate(double[] x, double sigma, ref SplitMix64 random)
    {
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++) y[i] = x[i] + sigma * random.Gaussian();
        return y;
    }

    private static double Sphere(double[] x) => -x.Sum(v => v * v);

    private static EvolutionResult<double[]> RunSphere(int evaluations, long seed) =>
        OnePlusOneEvolution.Maximise(Enumerable.Repeat(1.0, N).ToArray(), Sphere, Mutate, N,
            new EvolutionSettings(InitialStep: 0.3, MinStep: 1e-300, MaxEvaluations: evaluations, Seed: seed));

    [Fact]
    public void Sphere_converges_linearly_at_the_one_fifth_rule_rate()
    {
        // With the 1/5 rule σ tracks the optimal σ* ∝ ‖x‖/n, and ln‖x‖ falls linearly by about c/n per evaluation,
        // c ≤ 0.202 (the optimal normalised progress of the (1+1)-ES, Beyer & Schwefel 2002 §4.1; Rechenberg 1973).
        var result = RunSphere(3000, 1);
        var rate = -Math.Log(Math.Sqrt(-result.Fitness) / Math.Sqrt(N)) / result.Evaluations * N;
        Assert.InRange(rate, 0.08, 0.25);
        // The rule keeps σ proportional to ‖x‖: ln σ falls at the same rate as ln‖x‖ (within 25%) …
        var sigmaRate = -Math.Log(result.FinalStep / 0.3) / result.Evaluations * N;
        Assert.InRange(sigmaRate / rate, 0.75, 1.25);
        // … so the success fraction sits below 1/5 by exactly that drift: ln σ changes by 1/d per success and by
        // −(1/5)/(d·4/5) per failure (d = 1 + n/2), hence successes/evaluations = 1/5 − (4/5)·d·(rate of ln σ).
        var d = 1 + N / 2.0;
        var expected = 0.2 - 0.8 * d * sigmaRate / N;
        Assert.InRange(result.Successes / (double)result.Evaluations, expected - 0.01, expected + 0.01);
        Assert.False(result.Converged); // the budget ended it
    }

    [Fact]
    public void Same_seed_same_run_other_seed_other_run()
    {
        Assert.Equal(RunSphere(200, 3).Best, RunSphere(200, 3).Best);
        Assert.NotEqual(RunSphere(200, 3).Best, RunSphere(200, 4).Best);
    }

    [Fact]
    public void Step_floor_stops_converged_within_budget()
    {
        var r = OnePlusOneEvolution.Maximise(new[] { 1.0, -2.0 }, Sphere, Mutate, 2,
            new EvolutionSettings(InitialStep: 1, MinStep: 1e-6, MaxEvaluations: 100000));
        Assert.True(r.Converged);
        Assert.True(r.FinalStep < 1e-6);
        Assert.True(-r.Fitness < 1e-8);
    }

    [Fact]
    public void Cancellation_stops_the_run()
    {
        using var cancel = new CancellationTokenSource();
        var calls = 0;
        Assert.Throws<OperationCanceledException>(() => OnePlusOneEvolution.Maximise(new[] { 1.0 }, x =>
        {
            if (++calls == 5) cancel.Cancel();
            return Sphere(x);
        }, Mutate, 1, new EvolutionSettings(MinStep: 1e-300, MaxEvaluations: 1000), cancel.Token));
        Assert.Equal(5, calls);
    }
}
