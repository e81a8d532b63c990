using BenchmarkDotNet.Attributes;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Volumes;

namespace EndoDepth.Benchmarks.Cinematic;

/// <summary>
/// The unit of work: one look at 256×256 with its depth map, denoised (first-event albedo guide), at 16 and 32
/// paths per pixel, with the scalar kernel body and the eight-lane AVX2 body
/// (<see cref="EndoDepth.Rendering.Cinematic.PathOctet"/>), on the Parallel.For launcher (wall time on all
/// cores). Same phantom, pose and look as <see cref="CinematicBenchmarks"/>.
/// Run: dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- --filter '*CinematicLook*' --job short
/// </summary>
public class CinematicLookBenchmarks
{
    private const int Size = 256;
    private CtVolume _volume = null!;
    private CameraView _view = null!;
    private ComputeDevice _device = null!;
    private CinematicRenderer _renderer = null!;
    private readonly CinematicPreset[] _preset = [CinematicPresets.PinkMucosa];

    /// <summary>Paths per pixel.</summary>
    [Params(16, 32)]
    public int Spp { get; set; }

    /// <summary>The eight-lane AVX2 body (true) or the scalar kernel body.</summary>
    [Params(false, true)]
    public bool Octets { get; set; }

    /// <summary>Builds the phantom CT, traces the lumen, picks the pose and warms the renderer's caches.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _volume = ColonPhantom.Generate(null, 7).CreateCtVolume();
        var lumen = LumenCenterline.Trace(_volume);
        var rng = SplitMix64.For(1, 0);
        var pose = new EndoscopePoseSampler(lumen).Sample(ref rng);
        _view = new CameraView(CameraModel.Fisheye(Size, Size, 140f), pose);
        _device = new ComputeDevice(ComputeBackend.ParallelFor);
        _renderer = new CinematicRenderer(
            new CinematicSettings(SamplesPerPixel: Spp) { Denoiser = new DenoiserSettings() }, _device)
        {
            UsePathOctets = Octets,
        };
        _renderer.RenderDepth(_volume, _view); // builds and caches the majorant grid
    }

    /// <summary>Disposes the renderer and the device.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _renderer.Dispose();
        _device.Dispose();
    }

    /// <summary>One denoised look with its depth map.</summary>
    [Benchmark]
    public float OneLookDenoised() => _renderer.RenderDetailed(_volume, _view, _preset).Hdr[0].Data[0];
}
