namespace EndoDepth.Geometry;

/// <summary>
/// Everything that places the virtual endoscope: intrinsics, pose (camera → world) and its light rig.
/// </summary>
/// <param name="Camera">Camera intrinsics.</param>
/// <param name="Pose">Camera-to-world transform (world units: mm).</param>
/// <param name="Lights">Lights at the tip; <see cref="LightRig.Default"/> when null.</param>
public sealed record CameraView(CameraModel Camera, RigidPose Pose, LightRig? Lights = null)
{
    /// <summary>The light rig in use.</summary>
    public LightRig Rig => Lights ?? LightRig.Default;
}
