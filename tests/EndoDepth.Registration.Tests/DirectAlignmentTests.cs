using EndoDepth.Geometry;

namespace EndoDepth.Registration.Tests;

/// <summary>The direct (Lucas–Kanade) alignment: its exact optimum on a frame that is the virtual view itself, and
/// its masked blur.</summary>
public sealed class DirectAlignmentTests(TinyPhantom fixture) : IClassFixture<TinyPhantom>
{
    private static readonly CameraModel Camera = CameraModel.Fisheye(64, 64, 140f);

    [Fact]
    public void Returns_to_the_pose_of_a_frame_that_is_its_own_view()
    {
        // The frame is the virtual shading at the true pose (on the near-logarithmic scale x^0.05): the residual is
        // zero there, so Gauss–Newton from 1 mm / 1° off must return to it.
        var truth = fixture.Pose;
        (float[] Grey, bool[] Valid, VirtualView View) Render(RigidPose pose)
        {
            var view = fixture.Endoscope.Render(Camera, pose);
            var depth = view.Depth.Millimetres;
            var valid = new bool[depth.Length];
            var grey = new float[depth.Length];
            for (var i = 0; i < depth.Length; i++)
            {
                valid[i] = depth[i] > 0;
                grey[i] = valid[i] ? MathF.Pow(MathF.Max(view.Shading.Data[i], 1e-6f), 0.05f) : 0f;
            }
            return (grey, valid, view);
        }
        var frame = Render(truth);
        double Score(RigidPose pose) => Similarity(Render(pose));
        double Similarity((float[] Grey, bool[] Valid, VirtualView View) view)
        {
            var mask = new bool[view.Valid.Length];
            for (var i = 0; i < mask.Length; i++) mask[i] = view.Valid[i] && frame.Valid[i];
            return ImageSimilarity.Compute(SimilarityMetric.Ncc, frame.Grey, view.Grey, mask);
        }
        var start = PoseIncrement.Apply(truth, Float3.Normalize(new Float3(1, -1, 0.5f)) * 1f,
            Float3.Normalize(new Float3(-0.3f, 1, 0.2f)) * (1f * MathF.PI / 180));
        var (pose, score, evaluations) = DirectAlignment.Align(start, Score(start), frame.Grey, frame.Valid, Camera,
            Render, Similarity, outerIterations: 4, lightingExponent: 0.05, CancellationToken.None);
        Assert.True(score > Score(start));
        Assert.InRange(evaluations, 2, 5); // the start's view and at most four more
        Assert.True(PoseIncrement.TranslationErrorMm(pose, truth) < 0.1,
            $"{PoseIncrement.TranslationErrorMm(pose, truth)} mm");
        Assert.True(PoseIncrement.RotationErrorDegrees(pose, truth) < 0.1,
            $"{PoseIncrement.RotationErrorDegrees(pose, truth)}°");
    }

    [Fact]
    public void The_masked_blur_keeps_a_constant_and_never_reads_invalid_pixels()
    {
        const int w = 9, h = 7;
        var x = new float[w * h];
        var valid = new bool[w * h];
        for (var i = 0; i < x.Length; i++)
        {
            valid[i] = i % w < 5; // the right four columns are invalid and hold garbage
            x[i] = valid[i] ? 3f : 1e6f;
        }
        var (blurred, stillValid) = DirectAlignment.Blur(x, valid, w, h, 1.5f);
        Assert.Equal(valid, stillValid);
        for (var i = 0; i < x.Length; i++) Assert.Equal(valid[i] ? 3f : 0f, blurred[i], 5);
    }
}
