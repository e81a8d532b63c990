using EndoDepth.Randomness;
using MathNet.Numerics.LinearAlgebra;

namespace EndoDepth.Registration.Tests;

/// <summary>
/// The (1+1)-CMA-ES against quadratics whose optimum is known (0 at the origin): on a rotated, ill-conditioned
/// ellipsoid the learned covariance is what lets it converge where the isotropic (1+1)-ES stalls.
/// </summary>
public sealed class CmaEvolutionTests
{
    private const int N = 6;

    /// <summary>f(x) = −Σᵢ κ^(i/(n−1))·(Qx)ᵢ², Q a fixed random rotation, κ the condition
    /// number.</summary>
    private static Func<double[], double> RotatedEllipsoid(double condition)
    {
        var random = new SplitMix64(17);
        var q = Matrix<double>.Build.Dense(N, N, (_, _) => random.Gaussian()).QR().Q;
        var scale = Enumerable.Range(0, N).Select(i => Math.Pow(condition, i / (N - 1.0))).ToArray();
        return x =>
        {
            var y = q * Vector<double>.Build.DenseOfArray(x);
            return -Enumerable.Range(0, N).Sum(i => scale[i] * y[i] * y[i]);
        };
    }

    private static double[] Displace(double[] x, double[] step) => [.. x.Zip(step, (a, b) => a + b)];

    private static double[] Mutate(double[] x, double sigma, ref SplitMix64 random)
    {
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++) y[i] = x[i] + sigma * random.Gaussian();
        return y;
    }

    private static EvolutionSettings Budget(int evaluations, long seed = 1) =>
        new(InitialStep: 0.3, MinStep: 1e-300, MaxEvaluations: evaluations, Seed: seed);

    private static readonly double[] Start = [.. Enumerable.Repeat(1.0, N)];

    [Fact]
    public void Learns_a_rotated_ill_conditioned_valley_that_stalls_the_isotropic_strategy()
    {
        var f = RotatedEllipsoid(1e4);
        var cma = OnePlusOneCmaEvolution.Maximise(Start, f, Displace, N, Budget(4000));
        var isotropic = OnePlusOneEvolution.Maximise(Start, f, Mutate, N, Budget(4000));
        Assert.True(-cma.Fitness < 1e-12, $"CMA: f = {cma.Fitness}");
        Assert.True(-isotropic.Fitness > 1e-6, $"isotropic: f = {isotropic.Fitness}");
        Assert.True(cma.Best.All(v => Math.Abs(v) < 1e-5));
    }

    [Fact]
    public void On_the_sphere_it_converges_to_the_optimum_and_stops_on_the_step_floor()
    {
        var r = OnePlusOneCmaEvolution.Maximise(Start, x => -x.Sum(v => v * v), Displace, N,
            new EvolutionSettings(InitialStep: 1, MinStep: 1e-6, MaxEvaluations: 100000));
        Assert.True(r.Converged);
        Assert.True(r.FinalStep < 1e-6);
        Assert.True(-r.Fitness < 1e-8);
    }

    [Fact]
    public void Same_seed_same_run_other_seed_other_run()
    {
        var f = RotatedEllipsoid(100);
        Assert.Equal(OnePlusOneCmaEvolution.Maximise(Start, f, Displace, N, Budget(300, 3)).Best,
            OnePlusOneCmaEvolution.Maximise(Start, f, Displace, N, Budget(300, 3)).Best);
        Assert.NotEqual(OnePlusOneCmaEvolution.Maximise(Start, f, Displace, N, Budget(300, 3)).Best,
            OnePlusOneCmaEvolution.Maximise(Start, f, Displace, N, Budget(300, 4)).Best);
    }

    [Fact]
    public void Cancellation_stops_the_run_and_bad_dimensions_are_refused()
    {
        using var cancel = new CancellationTokenSource();
        var calls = 0;
        Assert.Throws<OperationCanceledException>(() => OnePlusOneCmaEvolution.Maximise(Start, x =>
        {
            if (++calls == 5) cancel.Cancel();
            return -x.Sum(v => v * v);
        }, Displace, N, Budget(1000), cancel.Token));
        Assert.Equal(5, calls);
        Assert.Throws<ArgumentException>(() => OnePlusOneCmaEvolution.Maximise(Start, x => 0, Displace, 0));
    }
}
