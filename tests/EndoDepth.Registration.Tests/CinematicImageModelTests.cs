using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Poses;

namespace EndoDepth.Registration.Tests;

/// <summary>The cinematic image model of the final stage: a deterministic objective (common random numbers) that fits
/// an independently rendered path-traced frame better than the Lambertian shading does.</summary>
public sealed class CinematicImageModelTests(TinyPhantom fixture) : IClassFixture<TinyPhantom>
{
    private static readonly CameraModel Camera = CameraModel.Fisheye(64, 64, 140f);

    private static RegistrationSettings Settings(CinematicImageModel? model) => new()
    {
        Width = 32, Levels = 2, FinalStage = new FinalStageSettings(Width: 64) { ImageModel = model },
    };

    /// <summary>A path-traced "optical" frame of the phantom CT under the model's default look, with its own seed and
    /// more paths than the model: independent of the model's Monte Carlo noise.</summary>
    private CinematicResult Frame(RigidPose pose)
    {
        using var renderer = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: 16, Seed: 99),
            fixture.Device);
        return renderer.RenderDetailed(fixture.Ct, new CameraView(Camera, pose, LightRig.Default),
            [CinematicPresets.PinkMucosa]);
    }

    [Fact]
    public void The_objective_is_a_deterministic_function_of_the_pose()
    {
        var model = new CinematicImageModel { SamplesPerPixel = 1 };
        var frame = Frame(fixture.Pose).Images[0];
        var registration = new FrameRegistration(fixture.Endoscope, frame, Camera, Settings(model));
        var near = PoseIncrement.Apply(fixture.Pose, new Float3(0.3f, -0.2f, 0.1f), new Float3(0.002f, 0f, -0.001f));
        var first = registration.Similarity(near);
        Assert.True(double.IsFinite(first));
        registration.Similarity(fixture.Pose); // another pose in between
        Assert.Equal(first, registration.Similarity(near));
        // The same seed gives the same view bit for bit; another seed other noise (the views are Monte Carlo).
        var a = fixture.Endoscope.RenderCinematic(Camera, near, model).Shading.Data;
        Assert.Equal(a, fixture.Endoscope.RenderCinematic(Camera, near, model).Shading.Data);
        Assert.NotEqual(a, fixture.Endoscope.RenderCinematic(Camera, near, model with { Seed = 2 }).Shading.Data);
    }

    [Fact]
    public void At_the_true_pose_it_fits_an_independent_path_traced_frame_better_than_the_Lambertian_shading()
    {
        // The model at 32 paths per pixel (close to its expectation): what is compared is the image model, not its
        // Monte Carlo noise. At 1–2 paths its own noise lowers the NCC at every pose alike (on this 64-voxel CT below
        // the Lambertian's); the registration uses where the objective peaks, not its height (docs/registration.md).
        var model = new CinematicImageModel { SamplesPerPixel = 32 };
        var rng = new SplitMix64(Seed.Derive64(3, 2, 0));
        var sampler = new EndoscopePoseSampler(fixture.Phantom, new EndoscopePoseSettings { WallLookProbability = 0 });
        for (var k = 0; k < 3; k++)
        {
            var truth = k == 0 ? fixture.Pose : sampler.Sample(ref rng);
            var frame = Frame(truth).Images[0];
            var lambertian = new FrameRegistration(fixture.Endoscope, frame, Camera, Settings(null)).Similarity(truth);
            var cinematic = new FrameRegistration(fixture.Endoscope, frame, Camera, Settings(model))
                .Similarity(truth);
            Assert.True(cinematic > lambertian + 0.005,
                $"pose {k}: cinematic NCC {cinematic}, Lambertian {lambertian}");
        }
    }

    [Fact]
    public void Invalid_models_and_a_model_seed_equal_to_the_frames_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new CinematicImageModel { SamplesPerPixel = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new CinematicImageModel { MaxBounces = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new FinalStageSettings
        {
            ImageModel = new CinematicImageModel { SamplesPerPixel = -1 },
        }.Validate());
        var trials = new TrialSettings
        {
            Seed = 5,
            Registration = new RegistrationSettings
            {
                FinalStage = new FinalStageSettings { ImageModel = new CinematicImageModel { Seed = 5 } },
            },
        };
        var e = Assert.Throws<ArgumentException>(trials.Validate);
        Assert.Contains("seed", e.Message, StringComparison.Ordinal);
        (trials with { Seed = 6 }).Validate();
    }

    [Fact]
    public void Final_stage_settings_print_as_before_unless_a_model_or_the_covariance_adaptation_is_set()
    {
        // The text is part of a registered folder's recipe: without an image model it is the compiler's record text
        // of the settings before the model existed, so such folders still resume.
        Assert.Equal("FinalStageSettings { Width = 128, Comparison = LinearPower, InitialStep = 0.25, Metric = , " +
            "ToneFitDegree = 0, Restarts = 0 }", new FinalStageSettings().ToString());
        Assert.Contains("ImageModel = CinematicImageModel { SamplesPerPixel = 2",
            new FinalStageSettings { ImageModel = new CinematicImageModel() }.ToString(), StringComparison.Ordinal);
        Assert.Equal("FinalStageSettings { Width = 128, Comparison = LinearPower, InitialStep = 0.25, Metric = , " +
            "ToneFitDegree = 0, Restarts = 0, AdaptCovariance = True }",
            new FinalStageSettings { AdaptCovariance = true }.ToString());
        Assert.Equal("FinalStageSettings { Width = 128, Comparison = LinearPower, InitialStep = 0.25, Metric = , " +
            "ToneFitDegree = 0, Restarts = 0, DirectAlignmentIterations = 4 }",
            new FinalStageSettings { DirectAlignmentIterations = 4 }.ToString());
        Assert.EndsWith("DirectAlignmentIterations = 12, Evolve = False }",
            new FinalStageSettings { DirectAlignmentIterations = 12, Evolve = false }.ToString(),
            StringComparison.Ordinal);
        // Without its ES the stage needs the direct alignment.
        Assert.Throws<ArgumentException>(() => new FinalStageSettings { Evolve = false }.Validate());
        Assert.Throws<ArgumentException>(() => new FinalStageSettings { DirectAlignmentIterations = -1 }.Validate());
    }
}
