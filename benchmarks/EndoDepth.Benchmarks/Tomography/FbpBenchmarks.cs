using BenchmarkDotNet.Attributes;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;

namespace EndoDepth.Benchmarks.Tomography;

/// <summary>
/// 2-D parallel FBP at 512² on scikit-image's conventions (<see cref="ScikitImageFbp"/>): a 512-detector sinogram of
/// 360 angles over 180° to a 512² image, the same case as time_iradon.py times for
/// <c>skimage.transform.iradon</c> (goal: ≥ 5× faster).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class FbpBenchmarks
{
    private const int Detectors = 512, Angles = 360;
    private readonly ComputeDevice _device = new(ComputeBackend.ParallelFor);
    private float[] _sinogram = [];
    private double[] _angles = [];

    [GlobalSetup]
    public void Setup()
    {
        _angles = ScanGeometry.EvenlySpacedAngles(Angles, 180);
        _sinogram = new float[Detectors * Angles];
        for (var d = 0; d < Detectors; d++)
            for (var a = 0; a < Angles; a++)
            {
                var t = (d - Detectors / 2) / 200.0;
                _sinogram[d * Angles + a] = (float)(Math.Abs(t) < 1 ? 2 * Math.Sqrt(1 - t * t) * 200 : 0);
            }
    }

    [GlobalCleanup]
    public void Cleanup() => _device.Dispose();

    /// <summary>iradon(sinogram, theta, filter_name='ramp') at 512².</summary>
    [Benchmark]
    public float[] Fbp512() => ScikitImageFbp.Reconstruct(_sinogram, Detectors, _angles, Detectors,
        ReconstructionFilter.RamLak, _device);
}
