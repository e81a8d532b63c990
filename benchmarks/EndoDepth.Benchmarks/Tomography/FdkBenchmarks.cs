using BenchmarkDotNet.Attributes;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;

namespace EndoDepth.Benchmarks.Tomography;

/// <summary>
/// FDK of a 256³ volume from 360 cone-beam projections of 256² (goal ≤ 10 s on the 2-core machine), split into its
/// filtering and back-projection steps. Voxel updates = 256³ × 360 = 6.04 · 10⁹ per reconstruction. The projections
/// are a smooth synthetic pattern (the cost does not depend on the values).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class FdkBenchmarks
{
    private const int N = 256, Views = 360;
    private readonly ComputeDevice _device = new(ComputeBackend.ParallelFor);
    private CtScan _scan = null!;
    private float[] _filtered = [];
    private ReconstructionGrid _grid = null!;

    /// <summary>Voxel updates per reconstruction.</summary>
    public const double VoxelUpdates = (double)N * N * N * Views;

    [GlobalSetup]
    public void Setup()
    {
        var geometry = ScanGeometry.Cone(N, N, ScanGeometry.EvenlySpacedAngles(Views), 512, 1024, 2, 2);
        var values = new float[geometry.ValueCount];
        for (var n = 0; n < values.Length; n++)
            values[n] = 1f + MathF.Sin(n % N * 0.05f) * MathF.Cos(n / N % N * 0.03f);
        _scan = new CtScan(geometry, values);
        _grid = ReconstructionGrid.Cube(N);
        _filtered = FilteredBackProjection.Filter(_scan, ReconstructionFilter.RamLak, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _device.Dispose();

    /// <summary>The whole reconstruction: cosine weights, ramp filter, back-projection.</summary>
    [Benchmark(Baseline = true)]
    public float[] Fdk256() => FilteredBackProjection.ReconstructAttenuation(_scan, _grid, device: _device);

    /// <summary>Steps 1–2: cosine weighting and FFT ramp filtering of 360 × 256 rows.</summary>
    [Benchmark]
    public float[] FilterOnly() => FilteredBackProjection.Filter(_scan, ReconstructionFilter.RamLak,
        CancellationToken.None);

    /// <summary>Step 3: voxel-driven back-projection of the filtered projections (along z-lines).</summary>
    [Benchmark]
    public float[] BackProjectionOnly() => TomographyKernels.BackProject(_device, _scan.Geometry, _grid, _filtered,
        null, CancellationToken.None);

    /// <summary>Step 3 along grid rows instead (the AVX2 row path, a reciprocal and four gathers per voxel; what the
    /// library uses for thin grids and fan beams), for the z-lines' gain in the same run.</summary>
    [Benchmark]
    public float[] BackProjectionAlongRows()
    {
        var geometry = _scan.Geometry;
        var (cos, sin) = geometry.Trigonometry();
        var volume = new float[_grid.VoxelCount];
        var batch = TomographyKernels.CpuViewsPerLaunch;
        for (var first = 0; first < geometry.Views; first += batch)
            BackProjectionOctets.Run(geometry.ToParams(), _grid.ToParams(), cos, sin, _filtered, volume, first,
                Math.Min(batch, geometry.Views - first), (float)(Math.PI / geometry.Views), CancellationToken.None);
        return volume;
    }
}
