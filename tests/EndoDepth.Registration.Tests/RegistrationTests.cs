using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Volumes;

namespace EndoDepth.Registration.Tests;

/// <summary>A coarse phantom CT shared by the registration tests (64 voxels along its longest axis).</summary>
public sealed class TinyPhantom : IDisposable
{
    public TinyPhantom()
    {
        Phantom = ColonPhantom.Generate(null, 3);
        Ct = Phantom.CreateCtVolume(new ColonCtSettings { MaxDimension = 64 });
        var rng = new SplitMix64(Seed.Derive64(3, 1, 0));
        Pose = new EndoscopePoseSampler(Phantom, new EndoscopePoseSettings { WallLookProbability = 0 })
            .Sample(ref rng);
        Endoscope = new VirtualEndoscope(Ct, device: Device);
    }

    public ComputeDevice Device { get; } = new(ComputeBackend.ParallelFor);
    public ColonPhantom Phantom { get; }
    public CtVolume Ct { get; }
    public RigidPose Pose { get; }
    public VirtualEndoscope Endoscope { get; }

    public void Dispose()
    {
        Endoscope.Dispose();
        Device.Dispose();
    }
}

/// <summary>Registration against frames whose exact optimum is known, and its input checks.</summary>
public sealed class RegistrationTests(TinyPhantom fixture) : IClassFixture<TinyPhantom>
{
    private static readonly CameraModel Camera = CameraModel.Fisheye(64, 64, 140f);
    private static readonly RegistrationSettings Settings = new() { Width = 64, Levels = 3 };

    [Theory]
    [InlineData(false, 0, true)]
    [InlineData(true, 0, true)] // the final stage's ES as the (1+1)-CMA-ES
    [InlineData(false, 12, true)] // with the direct (Lucas–Kanade) alignment after it
    [InlineData(false, 12, false)] // the direct alignment in place of the final stage's ES and refinement
    public void Recovers_a_known_pose_from_its_own_virtual_view(bool adaptCovariance, int directAlignment, bool evolve)
    {
        // The "optical" frame is the virtual endoscope's own view through the registration's camera response: the
        // similarity peaks (NCC = 1) exactly at the true pose, so the registration must return to it.
        var truth = fixture.Pose;
        var frame = Settings.Tone.Apply(fixture.Endoscope.Render(Camera, truth).Shading);
        var settings = Settings with
        {
            FinalStage = Settings.FinalStage! with
            {
                AdaptCovariance = adaptCovariance, DirectAlignmentIterations = directAlignment, Evolve = evolve,
            },
        };
        var registration = new FrameRegistration(fixture.Endoscope, frame, Camera, settings);
        Assert.Equal(1.0, registration.Similarity(truth), 6);
        // 2 mm and 2° off on this coarse (64-voxel, 4 mm) CT; on the 256-voxel CT the trials start 5 mm / 5° off
        // (docs/registration.md).
        var start = PoseIncrement.Apply(truth, Float3.Normalize(new Float3(1, -1, 0.5f)) * 2f,
            Float3.Normalize(new Float3(-0.3f, 1, 0.2f)) * (2f * MathF.PI / 180));
        var r = registration.Register(start, seed: 1);
        Assert.True(r.Converged);
        Assert.True(PoseIncrement.TranslationErrorMm(r.Pose, truth) < 0.1,
            $"{PoseIncrement.TranslationErrorMm(r.Pose, truth)} mm");
        Assert.True(PoseIncrement.RotationErrorDegrees(r.Pose, truth) < 0.1,
            $"{PoseIncrement.RotationErrorDegrees(r.Pose, truth)}°");
    }

    [Fact]
    public void A_start_inside_tissue_is_refused()
    {
        var sequence = new SequenceRegistration(fixture.Endoscope, Camera, Settings);
        // Well outside the colon wall, in the fat (−100 HU) around it.
        var (min, _) = fixture.Ct.WorldBounds();
        var inside = new RigidPose(fixture.Pose.Right, fixture.Pose.Down, fixture.Pose.Forward,
            min + new Float3(2, 2, 2));
        var e = Assert.Throws<RegistrationInputException>(() => sequence.CheckStart(inside, "pose 0"));
        Assert.Contains("inside tissue", e.Message, StringComparison.Ordinal);
        sequence.CheckStart(fixture.Pose, "pose 0"); // the sampled pose is in the lumen
    }

    [Fact]
    public void Frames_and_poses_of_different_counts_are_refused()
    {
        var sequence = new SequenceRegistration(fixture.Endoscope, Camera, Settings);
        Assert.Throws<RegistrationInputException>(() =>
            sequence.Register(3, _ => new Imaging.ImageF(64, 64), [fixture.Pose, fixture.Pose]));
    }

    [Fact]
    public void Sequence_start_carries_the_initial_poses_relative_motion()
    {
        var a = fixture.Pose;
        var step = PoseIncrement.Apply(a, new Float3(0, 0, 3), new Float3(0, 0.05f, 0));
        // Registering frame i − 1 exactly at its initial pose makes frame i start at its own initial pose.
        var start = SequenceRegistration.StartAfter(a, a, step);
        Assert.True(PoseIncrement.TranslationErrorMm(start, step) < 1e-4);
        Assert.True(PoseIncrement.RotationErrorDegrees(start, step) < 0.01);
    }
}
