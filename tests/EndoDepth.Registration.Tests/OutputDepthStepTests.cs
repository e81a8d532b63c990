using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Registration.Tests;

/// <summary>
/// The depth a registered frame is given is marched at <see cref="RegistrationSettings.OutputDepthStepVoxels"/>. The
/// opacity-threshold march converges as its step shrinks (the quadrature of ∫σ ds tends to the integral), so the
/// invariant checked here is that convergence: at the output step the depth lies within 0.5 % (a quarter of the issue's
/// 2 % depth budget) of a march four times finer on this coarse 4-mm-voxel CT, and a half-voxel march is several times
/// further off.
/// </summary>
public sealed class OutputDepthStepTests(TinyPhantom fixture) : IClassFixture<TinyPhantom>
{
    [Fact]
    public void The_output_step_is_converged_against_a_four_times_finer_march()
    {
        var camera = CameraModel.Fisheye(32, 32, 140f);
        var step = new RegistrationSettings().OutputDepthStepVoxels;
        var finest = fixture.Endoscope.RenderDepth(camera, fixture.Pose, step / 4);
        var output = fixture.Endoscope.RenderDepth(camera, fixture.Pose, step);
        var coarse = fixture.Endoscope.RenderDepth(camera, fixture.Pose, 0.5f);
        var outputRel = MeanRelativeDifference(output, finest);
        var coarseRel = MeanRelativeDifference(coarse, finest);
        Assert.True(outputRel < 5e-3, $"output step {step}: mean rel {outputRel:G3} against step {step / 4}");
        Assert.True(coarseRel > 4 * outputRel, $"half-voxel march {coarseRel:G3}, output step {outputRel:G3}");
    }

    private static double MeanRelativeDifference(DepthMap depth, DepthMap reference)
    {
        double sum = 0;
        var n = 0;
        for (var y = 0; y < reference.Height; y++)
            for (var x = 0; x < reference.Width; x++)
            {
                if (!reference.IsValid(x, y) || !depth.IsValid(x, y)) continue;
                sum += Math.Abs(depth[x, y] - reference[x, y]) / reference[x, y];
                n++;
            }
        Assert.True(n > 500, $"{n} pixels with depth in both");
        return sum / n;
    }
}
