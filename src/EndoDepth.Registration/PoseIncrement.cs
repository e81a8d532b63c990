using EndoDepth.Geometry;

namespace EndoDepth.Registration;

/// <summary>
/// Rigid-pose arithmetic of the registration: a 6-DoF increment (translation δt in mm, rotation vector ω in radians,
/// world frame) applied to a camera → world <see cref="RigidPose"/>, and the distance between two poses.
/// The rotation turns the camera about its own centre: R' = exp([ω]ₓ)·R (Rodrigues), t' = t + δt.
/// </summary>
public static class PoseIncrement
{
    /// <summary>
    /// The pose <paramref name="pose"/> moved by <paramref name="translationMm"/> and turned by the rotation vector
    /// <paramref name="rotation"/> (axis × angle in radians, world frame) about its centre. The result's rotation is
    /// re-orthonormalised, so that hundreds of composed increments do not drift from a rotation.
    /// </summary>
    public static RigidPose Apply(RigidPose pose, Float3 translationMm, Float3 rotation)
    {
        var right = Rotate(pose.Right, rotation);
        var down = Rotate(pose.Down, rotation);
        // Gram–Schmidt on (right, down); forward = right × down completes the right-handed frame.
        right = Float3.Normalize(right);
        down = Float3.Normalize(down - right * Float3.Dot(right, down));
        return new RigidPose(right, down, Float3.Cross(right, down), pose.Position + translationMm);
    }

    /// <summary>Rodrigues' formula: v rotated by the rotation vector <paramref name="w"/> (radians).</summary>
    public static Float3 Rotate(Float3 v, Float3 w)
    {
        var angle = w.Length;
        if (angle < 1e-12f) return v + Float3.Cross(w, v);
        var k = w * (1f / angle);
        var (s, c) = MathF.SinCos(angle);
        return v * c + Float3.Cross(k, v) * s + k * (Float3.Dot(k, v) * (1f - c));
    }

    /// <summary>Distance between the camera centres of two poses (mm).</summary>
    public static double TranslationErrorMm(RigidPose a, RigidPose b) => (a.Position - b.Position).Length;

    /// <summary>
    /// The roll of <paramref name="b"/> against <paramref name="a"/> (degrees, signed): the component along a's optical
    /// axis of the rotation vector of R_b·Rₐᵀ (axis × angle, from its skew part (R − Rᵀ)/2 = sin θ·[k]ₓ).
    /// </summary>
    public static double RollErrorDegrees(RigidPose a, RigidPose b)
    {
        // R = Σ over the camera axes of b's axis ⊗ a's axis (R·a_i = b_i); its skew part's vector is
        // ½ Σ a_i × b_i = sin θ·k.
        var skew = (Float3.Cross(a.Right, b.Right) + Float3.Cross(a.Down, b.Down) + Float3.Cross(a.Forward, b.Forward))
            * 0.5f;
        var sin = (double)skew.Length;
        if (sin < 1e-12) return 0;
        var angle = RotationErrorDegrees(a, b);
        return angle * Float3.Dot(skew, a.Forward) / sin;
    }

    /// <summary>Angle of the relative rotation Rₐᵀ·R_b (degrees): arccos((tr(Rₐᵀ·R_b) − 1) / 2).</summary>
    public static double RotationErrorDegrees(RigidPose a, RigidPose b)
    {
        double trace = (double)Float3.Dot(a.Right, b.Right) + Float3.Dot(a.Down, b.Down)
            + Float3.Dot(a.Forward, b.Forward);
        return Math.Acos(Math.Clamp((trace - 1) / 2, -1, 1)) * 180 / Math.PI;
    }
}
