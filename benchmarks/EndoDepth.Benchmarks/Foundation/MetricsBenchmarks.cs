using BenchmarkDotNet.Attributes;
using EndoDepth.Imaging;
using EndoDepth.Metrics;

namespace EndoDepth.Benchmarks.Foundation;

/// <summary>Depth metrics over one 1024×1024 pair (10% invalid ground truth), by alignment.</summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private float[] _gt = [];
    private float[] _pred = [];
    private MetricsOptions _median = new();
    private DepthMap _gtMap = null!;
    private DepthMap _predMap = null!;
    private MetricsOptions _lsq = new();

    /// <summary>Image side (pixels).</summary>
    [Params(1024)]
    public int Size { get; set; }

    /// <summary>Makes a deterministic pair.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _gt = new float[Size * Size];
        _pred = new float[Size * Size];
        for (var i = 0; i < _gt.Length; i++)
        {
            _gt[i] = rng.NextDouble() < 0.1 ? 0f : (float)(5 + 95 * rng.NextDouble());
            _pred[i] = (float)(5 + 95 * rng.NextDouble());
        }
        _gtMap = new DepthMap(Size, Size, (float[])_gt.Clone());
        _predMap = new DepthMap(Size, Size, (float[])_pred.Clone());
        _median = new MetricsOptions { Alignment = DepthAlignment.Median };
        _lsq = new MetricsOptions { Alignment = DepthAlignment.LeastSquares };
    }

    /// <summary>The paper's evaluation: no alignment.</summary>
    [Benchmark(Baseline = true)]
    public double NoAlignment() => DepthMetrics.Compute((ReadOnlySpan<float>)_pred, _gt).Rel;

    /// <summary>The same on depth maps: 64 Ki-pixel blocks on parallel threads (bit-identical result).</summary>
    [Benchmark]
    public double NoAlignmentParallelBlocks() => DepthMetrics.Compute(_predMap, _gtMap).Rel;

    /// <summary>Per-image median scaling (two quickselects).</summary>
    [Benchmark]
    public double MedianAlignment() => DepthMetrics.Compute(_pred, _gt, _median).Rel;

    /// <summary>Per-image least-squares scale.</summary>
    [Benchmark]
    public double LeastSquaresAlignment() => DepthMetrics.Compute(_pred, _gt, _lsq).Rel;
}
