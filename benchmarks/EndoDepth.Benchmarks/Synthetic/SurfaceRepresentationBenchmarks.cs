using BenchmarkDotNet.Attributes;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Surfaces;

namespace EndoDepth.Benchmarks.Synthetic;

/// <summary>
/// Why the ray caster uses a baked signed distance grid: the cost of one sphere-tracing step (one field value at a
/// point in the lumen) with the grid's trilinear lookup against the phantom's analytic field (closest centerline point,
/// folds, deformation, polyps), and the one-off cost of baking the grid. 4096 points per operation.
/// Run: dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- \
///     --filter '*SurfaceRepresentation*' --job short
/// </summary>
[MemoryDiagnoser]
public class SurfaceRepresentationBenchmarks
{
    private ColonPhantom _phantom = null!;
    private SignedDistanceGrid _grid = null!;
    private Float3[] _points = null!;
    private int[] _hints = null!;

    [GlobalSetup]
    public void Setup()
    {
        _phantom = ColonPhantom.Generate(null, 1);
        _grid = _phantom.Surface;
        var rng = new SplitMix64(3);
        var line = _phantom.Centerline;
        _points = new Float3[4096]; _hints = new int[4096];
        for (var k = 0; k < _points.Length; k++)
        {
            var s = rng.Uniform(0, line.LengthMm);
            var f = line.At(s);
            var a = rng.Uniform(0, 6.2832f);
            _points[k] = f.Point + (f.Normal * MathF.Cos(a) + f.Binormal * MathF.Sin(a))
                * (f.Radius * MathF.Sqrt((float)rng.NextDouble()));
            // The exact closest sample.
            _hints[k] = Enumerable.Range(0, line.Count).MinBy(i => (line.Points[i] - _points[k]).LengthSquared);
        }
    }

    /// <summary>4096 trilinear lookups in the baked grid.</summary>
    [Benchmark(Baseline = true)]
    public float GridLookup()
    {
        var sum = 0f;
        foreach (var p in _points) sum += _grid.Sample(p);
        return sum;
    }

    /// <summary>
    /// 4096 evaluations of the analytic field, each given its exact closest centerline sample as the search start (the
    /// best case for a ray-marcher that carries its last closest sample along the ray): a lower bound on its cost.
    /// </summary>
    [Benchmark]
    public float AnalyticField()
    {
        var sum = 0f;
        for (var k = 0; k < _points.Length; k++) sum += _phantom.Evaluate(_points[k], _hints[k], out _, out _);
        return sum;
    }

    /// <summary>Baking the default phantom's surface at 0.8 mm (once per phantom).</summary>
    [Benchmark(OperationsPerInvoke = 1)]
    public SignedDistanceGrid BakeSurface() => _phantom.BakeSurface();
}
