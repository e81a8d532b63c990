using EndoDepth.Geometry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EndoDepth.Core.Tests.Geometry;

public class RigidPoseTests
{
    private static Float3 V(NormalFloat a, NormalFloat b, NormalFloat c) =>
        new((float)(a.Get % 50), (float)(b.Get % 50), (float)(c.Get % 50));

    private static bool Close(Float3 a, Float3 b, float tol) =>
        MathF.Abs(a.X - b.X) < tol && MathF.Abs(a.Y - b.Y) < tol && MathF.Abs(a.Z - b.Z) < tol;

    [Property(MaxTest = 200)]
    public Property Inverse_undoes_the_pose(NormalFloat ex, NormalFloat ey, NormalFloat ez, NormalFloat px,
        NormalFloat py, NormalFloat pz)
    {
        var eye = V(ex, ey, ez);
        var target = eye + new Float3(1f, 2f, 3f);
        var pose = RigidPose.LookAt(eye, target, Float3.UnitY);
        var p = V(px, py, pz);
        var back = pose.Inverse().ToWorld(pose.ToWorld(p));
        return (Close(back, p, 1e-3f) && Close(pose.ToCamera(pose.ToWorld(p)), p, 1e-3f)).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Compose_applies_right_then_left(NormalFloat ax, NormalFloat bx, NormalFloat px, NormalFloat py,
        NormalFloat pz)
    {
        var a = RigidPose.LookAt(new Float3((float)(ax.Get % 20), 1, 2), Float3.Zero, Float3.UnitZ);
        var b = RigidPose.LookAt(new Float3(3, (float)(bx.Get % 20), -4), new Float3(1, 1, 1), Float3.UnitX);
        var p = V(px, py, pz);
        return Close(RigidPose.Compose(a, b).ToWorld(p), a.ToWorld(b.ToWorld(p)), 2e-3f).ToProperty();
    }

    [Fact]
    public void Look_at_points_the_optical_axis_at_the_target_with_image_up_towards_up()
    {
        var pose = RigidPose.LookAt(new Float3(0, 0, -10), Float3.Zero, new Float3(0, -1, 0));
        Assert.True(Close(pose.Forward, Float3.UnitZ, 1e-6f));
        Assert.True(Close(pose.Down, Float3.UnitY, 1e-6f)); // up = −y, so image-down is +y
        Assert.True(Close(Float3.Cross(pose.Right, pose.Down), pose.Forward, 1e-6f)); // right-handed
        var target = pose.ToCamera(Float3.Zero);
        Assert.True(Close(target, new Float3(0, 0, 10), 1e-5f));
        Assert.Throws<ArgumentException>(() => RigidPose.LookAt(Float3.Zero, Float3.Zero, Float3.UnitY));
        Assert.Throws<ArgumentException>(() => RigidPose.LookAt(Float3.Zero, Float3.UnitZ, Float3.UnitZ));
    }

    [Fact]
    public void Matrix_round_trip_is_exact()
    {
        var pose = RigidPose.LookAt(new Float3(1, 2, 3), new Float3(-4, 5, 6), Float3.UnitY);
        Assert.Equal(pose, RigidPose.FromMatrix4x4(pose.ToMatrix4x4()));
    }
}
