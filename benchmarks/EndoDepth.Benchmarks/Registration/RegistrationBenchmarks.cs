using BenchmarkDotNet.Attributes;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Randomness;
using EndoDepth.Registration;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;

namespace EndoDepth.Benchmarks.Registration;

/// <summary>
/// One frame's registration (goal ≤ 10 s): a 128² cinematic fisheye frame of the phantom's CT (≤ 256 voxels per
/// axis, 16 spp, rendered once in setup), registered with the default settings (NCC, 16 → 32 → 64 px, then the
/// final stage at 128 px) from a start 5 mm and 5° off the true pose, on the Parallel.For launcher; and one 64²
/// virtual view (the optimiser's unit of work); the same frame registered with the cinematic image model in the final
/// stage (64 px, 2 spp + denoiser, 4 restarts: <see cref="CinematicModelSettings"/>) or at the full 128 px (1 spp)
/// searched by the (1+1)-CMA-ES (<see cref="CinematicCmaSettings"/>) or at 4 spp by the direct alignment alone
/// (<see cref="CinematicDirectSettings"/>), and one cinematic view at 64² and at 128² (1 spp).
/// Run: dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- --filter '*Registration*' --job short
/// </summary>
[MemoryDiagnoser]
public class RegistrationBenchmarks
{
    private ComputeDevice _device = null!;
    private VirtualEndoscope _endoscope = null!;
    private FrameRegistration _registration = null!;
    private FrameRegistration _cinematicRegistration = null!;
    private FrameRegistration _cinematicCmaRegistration = null!;
    private FrameRegistration _cinematicDirectRegistration = null!;
    private RigidPose _truth;
    private RigidPose _start;
    private CameraModel _camera;

    [GlobalSetup]
    public void Setup()
    {
        _device = new ComputeDevice(ComputeBackend.ParallelFor);
        var phantom = ColonPhantom.Generate(null, 7);
        var ct = phantom.CreateCtVolume();
        var random = new SplitMix64(Seed.Derive64(7, 1, 0));
        _truth = new EndoscopePoseSampler(phantom).Sample(ref random);
        _camera = CameraModel.Fisheye(128, 128, 140f);
        using var renderer = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: 16), _device);
        ImageF frame = renderer.RenderDetailed(ct, new CameraView(_camera, _truth), [CinematicPresets.BuiltIn[0]])
            .Images[0];
        _endoscope = new VirtualEndoscope(ct, device: _device);
        _registration = new FrameRegistration(_endoscope, frame, _camera);
        _cinematicRegistration = new FrameRegistration(_endoscope, frame, _camera, CinematicModelSettings);
        _cinematicCmaRegistration = new FrameRegistration(_endoscope, frame, _camera, CinematicCmaSettings);
        _cinematicDirectRegistration = new FrameRegistration(_endoscope, frame, _camera, CinematicDirectSettings);
        _start = PoseIncrement.Apply(_truth, Float3.Normalize(new Float3(1, 2, -1)) * 5f,
            Float3.Normalize(new Float3(-2, 1, 1)) * (5f * MathF.PI / 180));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _endoscope.Dispose();
        _device.Dispose();
    }

    /// <summary>One frame from a ±5 mm / 5° start.</summary>
    [Benchmark]
    public FrameRegistrationResult RegisterOneFrame() => _registration.Register(_start, 1);

    /// <summary>The registration with the cinematic image model in the final stage (docs/registration.md).</summary>
    private static RegistrationSettings CinematicModelSettings { get; } = new()
    {
        FinalStage = new FinalStageSettings(Width: 64)
        {
            ImageModel = new CinematicImageModel { SamplesPerPixel = 2 }, Restarts = 4,
        },
    };

    /// <summary>One frame from a ±5 mm / 5° start, cinematic image model in the final stage.</summary>
    [Benchmark]
    public FrameRegistrationResult RegisterOneFrameCinematic() => _cinematicRegistration.Register(_start, 1);

    /// <summary>The registration with the cinematic image model at 128² / 1 spp in the final stage, searched by the
    /// (1+1)-CMA-ES (docs/registration.md, round 4).</summary>
    private static RegistrationSettings CinematicCmaSettings { get; } = new()
    {
        FinalStage = new FinalStageSettings
        {
            ImageModel = new CinematicImageModel { SamplesPerPixel = 1 }, AdaptCovariance = true,
        },
    };

    /// <summary>One frame from a ±5 mm / 5° start, cinematic image model at 128² and the (1+1)-CMA-ES.</summary>
    [Benchmark]
    public FrameRegistrationResult RegisterOneFrameCinematicCma() => _cinematicCmaRegistration.Register(_start, 1);

    /// <summary>The registration with the cinematic image model at 128² / 4 spp in the final stage, searched by the
    /// direct alignment alone (docs/registration.md, round 5).</summary>
    private static RegistrationSettings CinematicDirectSettings { get; } = new()
    {
        FinalStage = new FinalStageSettings
        {
            ImageModel = new CinematicImageModel { SamplesPerPixel = 4 }, DirectAlignmentIterations = 12,
            Evolve = false,
        },
    };

    /// <summary>One frame from a ±5 mm / 5° start, cinematic image model at 128² / 4 spp and the direct
    /// alignment.</summary>
    [Benchmark]
    public FrameRegistrationResult RegisterOneFrameCinematicDirect() =>
        _cinematicDirectRegistration.Register(_start, 1);

    /// <summary>One 64² cinematic view at 2 spp + denoiser (the final stage's unit of work).</summary>
    [Benchmark]
    public VirtualView CinematicView64() =>
        _endoscope.RenderCinematic(_camera.Resized(64, 64), _truth, new CinematicImageModel { SamplesPerPixel = 2 });

    /// <summary>One 128² cinematic view at 1 spp + denoiser.</summary>
    [Benchmark]
    public VirtualView CinematicView128() =>
        _endoscope.RenderCinematic(_camera, _truth, new CinematicImageModel { SamplesPerPixel = 1 });

    /// <summary>One 64² virtual view: depth, normals and shading.</summary>
    [Benchmark(Baseline = true)]
    public VirtualView VirtualView64() => _endoscope.Render(_camera.Resized(64, 64), _truth);
}
