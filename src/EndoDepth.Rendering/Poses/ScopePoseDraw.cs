using EndoDepth.Geometry;
using EndoDepth.Randomness;

namespace EndoDepth.Rendering.Poses;

/// <summary>
/// One scope-like pose drawn at a centerline frame for <see cref="EndoscopePoseSampler"/>: an offset from the axis, a
/// view direction jittered around the (possibly reversed) tangent or turned toward the wall, and a random roll. The
/// caller checks the wall clearance of the returned eye.
/// </summary>
internal static class ScopePoseDraw
{
    /// <summary>Draws a pose at frame <paramref name="f"/>; <paramref name="offsetScale"/> 0 keeps the eye on the
    /// axis.</summary>
    public static (RigidPose Pose, Float3 Eye) At(
        ref SplitMix64 rng,
        (Float3 Point, Float3 Tangent, Float3 Normal, Float3 Binormal, float Radius) f,
        EndoscopePoseSettings s,
        float offsetScale)
    {
        var radial = MathF.Sqrt((float)rng.NextDouble()) * s.MaxAxisOffsetFraction * f.Radius * offsetScale;
        var psi = rng.Uniform(0, 2 * MathF.PI);
        var outward = f.Normal * MathF.Cos(psi) + f.Binormal * MathF.Sin(psi);
        var eye = f.Point + outward * radial;
        var tangent = rng.Chance(s.ReverseProbability) ? -f.Tangent : f.Tangent;
        float tilt; Float3 toward;
        if (rng.Chance(s.WallLookProbability))
        {
            tilt = rng.Uniform(s.WallLookDegrees.Min, s.WallLookDegrees.Max);
            toward = rng.Chance(0.7) && radial > 1e-3f
                ? outward : Perpendicular(tangent, rng.Uniform(0, 2 * MathF.PI), f.Normal, f.Binormal);
        }
        else
        {
            tilt = s.LookJitterDegrees * MathF.Sqrt((float)rng.NextDouble());
            toward = Perpendicular(tangent, rng.Uniform(0, 2 * MathF.PI), f.Normal, f.Binormal);
        }
        var a = tilt * MathF.PI / 180f;
        var forward = Float3.Normalize(tangent * MathF.Cos(a) + toward * MathF.Sin(a));
        var roll = rng.Uniform(-s.MaxRollDegrees, s.MaxRollDegrees) * MathF.PI / 180f;
        var side = Float3.Normalize(Float3.Cross(forward,
            MathF.Abs(Float3.Dot(forward, f.Normal)) < 0.9f ? f.Normal : f.Binormal));
        var up = side * MathF.Cos(roll) + Float3.Cross(forward, side) * MathF.Sin(roll);
        return (RigidPose.LookAt(eye, eye + forward, up), eye);
    }

    /// <summary>A unit direction perpendicular to <paramref name="t"/>, at <paramref name="angle"/> in the (n, b)
    /// plane.</summary>
    private static Float3 Perpendicular(Float3 t, float angle, Float3 n, Float3 b)
    {
        var u = n * MathF.Cos(angle) + b * MathF.Sin(angle);
        return Float3.Normalize(u - t * Float3.Dot(u, t));
    }
}
