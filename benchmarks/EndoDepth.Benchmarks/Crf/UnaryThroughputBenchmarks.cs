using BenchmarkDotNet.Attributes;
using EndoDepth.Crf.Networks;
using static TorchSharp.torch;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// The paper's unary network (5 conv + 4 FC, 224×224 patches, ~40 M parameters) on a batch of 32 patches: inference
/// forward, and a training step (forward, backward, SGD update). Patches/s = 32 / time.
/// </summary>
[MemoryDiagnoser]
public class UnaryThroughputBenchmarks
{
    private const int Batch = 32;
    private UnaryNet net = null!;
    private Tensor patches = null!, target = null!;

    /// <summary>Patch side (224 = paper).</summary>
    [Params(224)]
    public int Patch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CrfBenchmarkSetup.Initialize();
        manual_seed(0);
        net = new UnaryNet(new UnaryNetSettings(PatchSize: Patch));
        patches = rand(Batch, 3, Patch, Patch) * 2 - 1;
        target = randn(Batch);
    }

    [Benchmark]
    public float Forward32()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return net.forward(patches)[0].item<float>();
    }

    [Benchmark]
    public float TrainStep32()
    {
        using var scope = NewDisposeScope();
        var loss = (net.forward(patches) - target).pow(2).sum();
        loss.backward();
        using (no_grad())
            foreach (var p in net.parameters())
                if (p.grad is { } g) { p.add_(g, alpha: -1e-9); g.zero_(); }
        return loss.item<float>();
    }
}
