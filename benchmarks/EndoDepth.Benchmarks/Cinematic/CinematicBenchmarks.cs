using BenchmarkDotNet.Attributes;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Volumes;

namespace EndoDepth.Benchmarks.Cinematic;

/// <summary>
/// Cinematic rendering of the phantom's CT (≤ 256 voxels per axis) at 256×256 from a pose inside the lumen, on the
/// Parallel.For launcher: the opacity-threshold depth kernel alone, and Monte Carlo paths with the work split into
/// tracking (primary free flight + first-event shading, no lights), + one shadow ray (next-event estimation), and full
/// paths (up to 5 events, the default), each with the scalar kernel body and with the eight-lane AVX2 body
/// (<see cref="EndoDepth.Rendering.Cinematic.PathOctet"/>, "Octets"). Each path benchmark is per path
/// (OperationsPerInvoke), so its mean is µs per path.
/// Run: dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- --filter '*Cinematic*' --job short
/// </summary>
[MemoryDiagnoser]
public class CinematicBenchmarks
{
    private const int Size = 256;
    private const int Spp = 4;
    private const int Paths = Size * Size * Spp;
    private CtVolume _volume = null!;
    private CameraView _view = null!;
    private CameraView _dark = null!;
    private ComputeDevice _device = null!;
    private CinematicRenderer _depth = null!, _oneEvent = null!, _full = null!;
    private CinematicRenderer _oneEventOctets = null!, _fullOctets = null!;
    private readonly CinematicPreset[] _preset = [CinematicPresets.PinkMucosa];

    /// <summary>Builds the phantom CT, traces the lumen and picks a pose.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _volume = ColonPhantom.Generate(null, 7).CreateCtVolume();
        var lumen = LumenCenterline.Trace(_volume);
        var rng = SplitMix64.For(1, 0);
        var pose = new EndoscopePoseSampler(lumen).Sample(ref rng);
        var camera = CameraModel.Fisheye(Size, Size, 140f);
        _view = new CameraView(camera, pose);
        _dark = new CameraView(camera, pose, new LightRig([new PointLight(Float3.Zero, 0f)]));
        _device = new ComputeDevice(ComputeBackend.ParallelFor);
        _depth = new CinematicRenderer(new CinematicSettings(), _device);
        var oneEvent = new CinematicSettings(SamplesPerPixel: Spp, SamplesPerLaunch: Spp, MaxBounces: 1);
        var full = new CinematicSettings(SamplesPerPixel: Spp, SamplesPerLaunch: Spp);
        _oneEvent = new CinematicRenderer(oneEvent, _device) { UsePathOctets = false };
        _full = new CinematicRenderer(full, _device) { UsePathOctets = false };
        _oneEventOctets = new CinematicRenderer(oneEvent, _device) { UsePathOctets = true };
        _fullOctets = new CinematicRenderer(full, _device) { UsePathOctets = true };
        foreach (var r in new[] { _depth, _oneEvent, _full, _oneEventOctets, _fullOctets })
            r.RenderDepth(_volume, _view); // builds and caches the majorant grid
    }

    /// <summary>Disposes the device.</summary>
    [GlobalCleanup]
    public void Cleanup() => _device.Dispose();

    /// <summary>The depth kernel alone (256², no Monte Carlo).</summary>
    [Benchmark(Baseline = true)]
    public int DepthKernel() => _depth.RenderDepth(_volume, _view).Depth.ValidCount;

    /// <summary>
    /// Tracking: primary delta tracking and first-event shading, no shadow rays (per path; includes the depth pass).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Paths)]
    public float PathsTrackingOnly() => _oneEvent.RenderDetailed(_volume, _dark, _preset).Hdr[0].Data[0];

    /// <summary>Tracking + one ratio-tracked shadow ray (per path).</summary>
    [Benchmark(OperationsPerInvoke = Paths)]
    public float PathsWithShadowRay() => _oneEvent.RenderDetailed(_volume, _view, _preset).Hdr[0].Data[0];

    /// <summary>Full paths: up to 5 events, NEE at each, Russian roulette (per path).</summary>
    [Benchmark(OperationsPerInvoke = Paths)]
    public float PathsFull() => _full.RenderDetailed(_volume, _view, _preset).Hdr[0].Data[0];

    /// <summary>Tracking only, eight-lane AVX2 body (per path).</summary>
    [Benchmark(OperationsPerInvoke = Paths)]
    public float PathsTrackingOnlyOctets() => _oneEventOctets.RenderDetailed(_volume, _dark, _preset).Hdr[0].Data[0];

    /// <summary>Tracking + one shadow ray, eight-lane AVX2 body (per path).</summary>
    [Benchmark(OperationsPerInvoke = Paths)]
    public float PathsWithShadowRayOctets() => _oneEventOctets.RenderDetailed(_volume, _view, _preset).Hdr[0].Data[0];

    /// <summary>Full paths, eight-lane AVX2 body (per path).</summary>
    [Benchmark(OperationsPerInvoke = Paths)]
    public float PathsFullOctets() => _fullOctets.RenderDetailed(_volume, _view, _preset).Hdr[0].Data[0];
}
