using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Up to four point/spot lights in world coordinates (the endoscope's <see cref="LightRig"/> placed by a pose), plus
/// the uniform ambient radiance seen by rays that leave the volume. A value type usable inside kernels (fields, not
/// arrays).
/// </summary>
internal struct LightSet
{
    /// <summary>Number of lights (0–4).</summary>
    public int Count;
    /// <summary>Light 0 position (world, mm).</summary>
    public Float3 P0;
    /// <summary>Light 1 position.</summary>
    public Float3 P1;
    /// <summary>Light 2 position.</summary>
    public Float3 P2;
    /// <summary>Light 3 position.</summary>
    public Float3 P3;
    /// <summary>Intensities of lights 0–3 (x, y, z of <see cref="I012"/>, then <see cref="I3"/>).</summary>
    public Float3 I012;
    /// <summary>Intensity of light 3.</summary>
    public float I3;
    /// <summary>Spot exponents of lights 0–2.</summary>
    public Float3 K012;
    /// <summary>Spot exponent of light 3.</summary>
    public float K3;
    /// <summary>The spot axis (the camera's optical axis in world coordinates).</summary>
    public Float3 Axis;
    /// <summary>Uniform radiance of the environment (rays leaving the volume).</summary>
    public float Ambient;
    /// <summary>
    /// Radii (mm) of empty space (σt = 0) around lights 0–2 for the medium in use
    /// (<see cref="EmptySpace.RadiusAround"/>);
    /// shadow rays stop that far short of the light. 0 = unknown.
    /// </summary>
    public Float3 Empty012;
    /// <summary>Radius of empty space around light 3.</summary>
    public float Empty3;

    /// <summary>The rig of <paramref name="view"/> in world coordinates, intensities scaled by
    /// <paramref name="scale"/>.</summary>
    public static LightSet From(CameraView view, float scale = 1f)
    {
        ArgumentNullException.ThrowIfNull(view);
        var rig = view.Rig;
        var s = new LightSet { Count = rig.Lights.Count, Axis = view.Pose.Forward, Ambient = rig.Ambient };
        var pos = new Float3[4]; var it = new float[4]; var k = new float[4];
        for (var i = 0; i < rig.Lights.Count; i++)
        {
            pos[i] = view.Pose.ToWorld(rig.Lights[i].Offset);
            it[i] = rig.Lights[i].Intensity * scale;
            k[i] = rig.Lights[i].SpotExponent;
        }
        s.P0 = pos[0]; s.P1 = pos[1]; s.P2 = pos[2]; s.P3 = pos[3];
        s.I012 = new Float3(it[0], it[1], it[2]); s.I3 = it[3];
        s.K012 = new Float3(k[0], k[1], k[2]); s.K3 = k[3];
        return s;
    }

    /// <summary>Position, intensity and spot exponent of light <paramref name="i"/>.</summary>
    public readonly void Get(int i, out Float3 position, out float intensity, out float spotExponent)
    {
        if (i == 0) { position = P0; intensity = I012.X; spotExponent = K012.X; }
        else if (i == 1) { position = P1; intensity = I012.Y; spotExponent = K012.Y; }
        else if (i == 2) { position = P2; intensity = I012.Z; spotExponent = K012.Z; }
        else { position = P3; intensity = I3; spotExponent = K3; }
    }

    /// <summary>The radius (mm) of empty space around light <paramref name="i"/> (see
    /// <see cref="Empty012"/>).</summary>
    public readonly float EmptyRadius(int i)
        => i == 0 ? Empty012.X : i == 1 ? Empty012.Y : i == 2 ? Empty012.Z : Empty3;

    /// <summary>
    /// Radiant intensity of light <paramref name="i"/> toward world point <paramref name="x"/> (spot falloff cosᵏ of
    /// the
    /// angle to the optical axis), its direction from x (unit) and distance.
    /// </summary>
    public readonly float Toward(int i, Float3 x, out Float3 direction, out float distance)
    {
        Get(i, out var p, out var intensity, out var k);
        var v = p - x;
        distance = float.MaxNative(v.Length, 1e-4f);
        direction = v / distance;
        if (k > 0f) intensity *= MathF.Pow(float.MaxNative(-Float3.Dot(direction, Axis), 0f), k);
        return intensity;
    }
}
