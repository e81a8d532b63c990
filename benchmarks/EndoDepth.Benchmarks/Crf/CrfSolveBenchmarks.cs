using BenchmarkDotNet.Attributes;
using EndoDepth.Crf.Inference;
using static TorchSharp.torch;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// The closed-form CRF (eq. 2–6) on a superpixel-like graph with ~6 neighbours per node (a grid with one diagonal):
/// MAP y = A⁻¹z alone, and the exact NLL forward + backward (a training step's CRF part). float64.
/// </summary>
[MemoryDiagnoser]
public class CrfSolveBenchmarks
{
    private Tensor z = null!, r = null!, from = null!, to = null!, y = null!;

    /// <summary>Nodes (superpixels).</summary>
    [Params(300, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CrfBenchmarkSetup.Initialize();
        var side = (int)Math.Ceiling(Math.Sqrt(N));
        var f = new List<long>(); var t = new List<long>();
        for (var i = 0; i < N; i++)
        {
            int x = i % side, yy = i / side;
            if (x + 1 < side && i + 1 < N) { f.Add(i); t.Add(i + 1); }
            if (i + side < N) { f.Add(i); t.Add(i + side); }
            if (x + 1 < side && i + side + 1 < N) { f.Add(i); t.Add(i + side + 1); }
        }
        manual_seed(0);
        from = tensor(f.ToArray()); to = tensor(t.ToArray());
        r = rand(f.Count, dtype: ScalarType.Float64);
        z = randn(N, dtype: ScalarType.Float64);
        y = randn(N, dtype: ScalarType.Float64);
    }

    [Benchmark]
    public double Map()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return GaussianCrf.Map(GaussianCrf.BuildA(r, from, to, N), z)[0].item<double>();
    }

    [Benchmark]
    public double NllForwardBackward()
    {
        using var scope = NewDisposeScope();
        var zg = z.detach().requires_grad_(true);
        var rg = r.detach().requires_grad_(true);
        var nll = GaussianCrf.NegativeLogLikelihood(GaussianCrf.BuildA(rg, from, to, N), zg, y);
        nll.backward();
        return nll.item<double>();
    }
}
