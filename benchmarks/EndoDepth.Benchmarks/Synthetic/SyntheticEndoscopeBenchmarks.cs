using BenchmarkDotNet.Attributes;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Benchmarks.Synthetic;

/// <summary>
/// Frames per second of the synthetic endoscope (grey image + exact depth) on a default colon phantom, 16 poses from
/// the dataset's pose sampler, fisheye 140°: one frame at a time on the Parallel.For launcher (the CPU default: rays
/// traced eight per instruction where the CPU has AVX2), on the same launcher with the scalar kernel body only, and on
/// ILGPU's CPU accelerator (the scalar kernel body), and the dataset generator's way, a batch of 16 frames rendered
/// one per core (<see cref="SyntheticEndoscope.RenderBatch(EndoDepth.Rendering.Surfaces.ISignedDistanceScene,
/// IReadOnlyList{CameraView}, IReadOnlyList{ulong}, IProgress{int}?, CancellationToken)"/>).
/// One operation = one frame; fps = 1 s / mean.
/// Run: dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- \
///     --filter '*SyntheticEndoscope*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class SyntheticEndoscopeBenchmarks
{
    private ColonPhantom _phantom = null!;
    private CameraView[] _views = null!;
    private readonly ulong[] _seeds = [.. Enumerable.Range(0, 16).Select(i => (ulong)i)];
    private SyntheticEndoscope _parallel = null!, _scalar = null!, _ilgpu = null!;
    private int _next;

    /// <summary>Image side (pixels).</summary>
    [Params(256)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _phantom = ColonPhantom.Generate(null, 1);
        _ = _phantom.Surface;
        var sampler = new EndoscopePoseSampler(_phantom);
        var rng = new SplitMix64(7);
        var camera = CameraModel.Fisheye(Size, Size, 140f);
        _views = [.. Enumerable.Range(0, 16).Select(_ => new CameraView(camera, sampler.Sample(ref rng)))];
        _parallel = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        _scalar = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor)) { UseOctets = false };
        _ilgpu = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.IlgpuCpu));
        _ilgpu.Render(_phantom, _views[0]); // compile the kernel outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _parallel.Dispose();
        _scalar.Dispose();
        var device = _ilgpu.Device;
        _ilgpu.Dispose(); // buffers first, then the accelerator they live on
        device.Dispose();
    }

    private CameraView NextView() => _views[_next++ & 15];

    /// <summary>One frame on the Parallel.For launcher.</summary>
    [Benchmark(Baseline = true)]
    public RenderedFrame ParallelFor() => _parallel.Render(_phantom, NextView());

    /// <summary>16 frames as one batch, one frame per core (per frame).</summary>
    [Benchmark(OperationsPerInvoke = 16)]
    public IReadOnlyList<RenderedFrame> ParallelForBatch() => _parallel.RenderBatch(_phantom, _views, _seeds);

    /// <summary>
    /// One frame on the Parallel.For launcher, scalar kernel body only (four rays interleaved per core).
    /// </summary>
    [Benchmark]
    public RenderedFrame ParallelForScalar() => _scalar.Render(_phantom, NextView());

    /// <summary>16 frames as one batch with the scalar kernel body only (per frame).</summary>
    [Benchmark(OperationsPerInvoke = 16)]
    public IReadOnlyList<RenderedFrame> ParallelForBatchScalar() => _scalar.RenderBatch(_phantom, _views, _seeds);

    /// <summary>One frame on ILGPU's CPU accelerator (same kernel body).</summary>
    [Benchmark]
    public RenderedFrame IlgpuCpuAccelerator() => _ilgpu.Render(_phantom, NextView());
}
