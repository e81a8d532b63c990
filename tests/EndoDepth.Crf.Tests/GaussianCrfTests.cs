using EndoDepth.Crf.Inference;
using EndoDepth.Crf.Runtime;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Tests;

/// <summary>The CRF (eq. 2–6) against a Gaussian density computed independently with MathNet (float64).</summary>
[Collection(TorchCollection.Name)]
public class GaussianCrfTests
{
    public GaussianCrfTests() => TorchRuntime.Initialize(threads: 1);

    private sealed record Problem(int N, int[] From, int[] To, double[] R, double[] Z, double[] Y);

    private static Problem RandomProblem(int seed, int n = 7)
    {
        var rng = new Random(seed);
        var edges = new HashSet<(int, int)>();
        for (var i = 1; i < n; i++) edges.Add((rng.Next(i), i)); // a spanning tree …
        for (var k = 0; k < n; k++) { int a = rng.Next(n),
            b = rng.Next(n); if (a != b) edges.Add((Math.Min(a, b), Math.Max(a, b))); } // … plus chords
        var list = edges.ToList();
        return new Problem(n, list.Select(e => e.Item1).ToArray(), list.Select(e => e.Item2).ToArray(),
            list.Select(_ => rng.NextDouble() * 2).ToArray(),
            Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2).ToArray(),
            Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2).ToArray());
    }

    /// <summary>A = I + D − R built directly from the definition (eq. 5), in MathNet.</summary>
    private static Matrix<double> MathNetA(Problem p)
    {
        var a = Matrix<double>.Build.DenseIdentity(p.N);
        for (var e = 0; e < p.From.Length; e++)
        {
            int i = p.From[e], j = p.To[e];
            a[i, j] -= p.R[e]; a[j, i] -= p.R[e]; a[i, i] += p.R[e]; a[j, j] += p.R[e];
        }
        return a;
    }

    private static Tensor A(Problem p, Tensor? r = null) =>
        GaussianCrf.BuildA(r ?? tensor(p.R, dtype: ScalarType.Float64), tensor(p.From.Select(i => (long)i).ToArray()),
            tensor(p.To.Select(i => (long)i).ToArray()), p.N);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Nll_equals_minus_log_density_of_the_Gaussian_with_mean_Ainv_z_and_covariance_half_Ainv(int seed)
    {
        using var scope = NewDisposeScope();
        var p = RandomProblem(seed);
        var am = MathNetA(p);
        var mean = am.Solve(Vector<double>.Build.DenseOfArray(p.Z));
        var cov = (2 * am).Inverse();
        cov = (cov + cov.Transpose()) / 2;
        var density = new MatrixNormal(mean.ToColumnMatrix(), cov, Matrix<double>.Build.DenseIdentity(1))
            .Density(Matrix<double>.Build.DenseOfColumnArrays(p.Y));
        var expected = -Math.Log(density);

        var nll = GaussianCrf.NegativeLogLikelihood(A(p), tensor(p.Z, dtype: ScalarType.Float64),
            tensor(p.Y, dtype: ScalarType.Float64)).item<double>();
        Assert.Equal(expected, nll, 1e-9);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void Tiny_graphs_build(int n, int edges)
    {
        using var scope = NewDisposeScope();
        var r = ones(edges, dtype: ScalarType.Float64);
        var a = GaussianCrf.BuildA(r, zeros(edges, dtype: ScalarType.Int64), ones(edges, dtype: ScalarType.Int64)
            .mul(Math.Min(1, n - 1)), n);
        Assert.Equal(n * n, a.numel());
    }

    [Fact]
    public void A_graph_without_edges_gives_the_identity_and_the_unary_as_MAP()
    {
        using var scope = NewDisposeScope();
        var r = zeros(0, dtype: ScalarType.Float64);
        var a = GaussianCrf.BuildA(r, tensor(Array.Empty<long>()), tensor(Array.Empty<long>()), 3);
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], a.data<double>().ToArray());
        var z = tensor(new[] { 0.5, -1, 2 });
        Assert.Equal(z.data<double>().ToArray(), GaussianCrf.Map(a, z).data<double>().ToArray());
    }

    [Fact]
    public void BuildA_is_identity_plus_graph_Laplacian()
    {
        using var scope = NewDisposeScope();
        var p = RandomProblem(5);
        var a = A(p).data<double>().ToArray();
        var am = MathNetA(p);
        for (var i = 0; i < p.N; i++)
            for (var j = 0; j < p.N; j++) Assert.Equal(am[i, j], a[i * p.N + j], 1e-12);
    }

    [Fact]
    public void Map_is_the_mean_and_the_density_maximum()
    {
        using var scope = NewDisposeScope();
        var p = RandomProblem(7);
        var a = A(p);
        var z = tensor(p.Z, dtype: ScalarType.Float64);
        var map = GaussianCrf.Map(a, z);
        var mean = MathNetA(p).Solve(Vector<double>.Build.DenseOfArray(p.Z));
        var m = map.data<double>().ToArray();
        for (var i = 0; i < p.N; i++) Assert.Equal(mean[i], m[i], 1e-10);
        // Argmax: every perturbation raises the NLL.
        var best = GaussianCrf.NegativeLogLikelihood(a, z, map).item<double>();
        var rng = new Random(1);
        for (var t = 0; t < 20; t++)
        {
            var d = tensor(Enumerable.Range(0, p.N).Select(_ => rng.NextDouble() * 0.2 - 0.1).ToArray());
            Assert.True(GaussianCrf.NegativeLogLikelihood(a, z, map + d).item<double>() > best);
        }
    }

    [Fact]
    public void Autograd_gradients_match_central_differences()
    {
        using var scope = NewDisposeScope();
        var p = RandomProblem(11, n: 6);
        var y = tensor(p.Y, dtype: ScalarType.Float64);
        double F(double[] z, double[] r) =>
            GaussianCrf.NegativeLogLikelihood(A(p, tensor(r, dtype: ScalarType.Float64)),
            tensor(z, dtype: ScalarType.Float64), y).item<double>();

        var zt = tensor(p.Z, dtype: ScalarType.Float64).requires_grad_(true);
        var rt = tensor(p.R, dtype: ScalarType.Float64).requires_grad_(true);
        GaussianCrf.NegativeLogLikelihood(A(p, rt), zt, y).backward();
        var gz = zt.grad!.data<double>().ToArray();
        var gr = rt.grad!.data<double>().ToArray();
        const double h = 1e-6;
        for (var i = 0; i < p.Z.Length; i++)
        {
            var zp = (double[])p.Z.Clone(); zp[i] += h;
            var zm = (double[])p.Z.Clone(); zm[i] -= h;
            Assert.Equal((F(zp, p.R) - F(zm, p.R)) / (2 * h), gz[i], 1e-5);
        }
        for (var e = 0; e < p.R.Length; e++)
        {
            var rp = (double[])p.R.Clone(); rp[e] += h;
            var rm = (double[])p.R.Clone(); rm[e] -= h;
            Assert.Equal((F(p.Z, rp) - F(p.Z, rm)) / (2 * h), gr[e], 1e-5);
        }
    }
}
