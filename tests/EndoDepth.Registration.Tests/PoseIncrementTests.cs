using EndoDepth.Geometry;

namespace EndoDepth.Registration.Tests;

/// <summary>Pose increments against their geometric meaning.</summary>
public sealed class PoseIncrementTests
{
    [Theory]
    [InlineData(0.5, 1, 0, 0)]
    [InlineData(5, 0.3, -0.4, 0.866)]
    [InlineData(90, 0, 0, 1)]
    public void A_rotation_vector_turns_by_its_length(double degrees, float x, float y, float z)
    {
        var pose = RigidPose.LookAt(new Float3(1, 2, 3), new Float3(4, 0, 9), Float3.UnitZ);
        var axis = Float3.Normalize(new Float3(x, y, z));
        var moved = PoseIncrement.Apply(pose, new Float3(3, 4, 0), axis * (float)(degrees * Math.PI / 180));
        Assert.Equal(degrees, PoseIncrement.RotationErrorDegrees(pose, moved), 2);
        Assert.Equal(5.0, PoseIncrement.TranslationErrorMm(pose, moved), 4);
        // A point on the rotation axis through the camera centre stays where it was.
        var onAxis = pose.Position + axis * 10f;
        Assert.True((moved.ToWorld(pose.ToCamera(onAxis)) - (onAxis + new Float3(3, 4, 0))).Length < 1e-3f);
    }

    [Theory]
    [InlineData(3, 0)]    // a turn about the optical axis is all roll
    [InlineData(0, 3)]    // a turn about an axis across it has none
    [InlineData(-2, 4)]
    public void Roll_is_the_part_of_the_rotation_about_the_optical_axis(double rollDegrees, double pitchDegrees)
    {
        var pose = RigidPose.LookAt(new Float3(1, 2, 3), new Float3(4, 0, 9), Float3.UnitZ);
        var rotation = (pose.Forward * (float)rollDegrees + pose.Right * (float)pitchDegrees) * (float)(Math.PI / 180);
        var moved = PoseIncrement.Apply(pose, default, rotation);
        Assert.Equal(rollDegrees, PoseIncrement.RollErrorDegrees(pose, moved), 2);
        Assert.Equal(Math.Sqrt(rollDegrees * rollDegrees + pitchDegrees * pitchDegrees),
            PoseIncrement.RotationErrorDegrees(pose, moved), 2);
        Assert.Equal(-rollDegrees, PoseIncrement.RollErrorDegrees(moved, pose), 2);
    }
}
