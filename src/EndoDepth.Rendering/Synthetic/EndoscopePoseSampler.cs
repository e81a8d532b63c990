using EndoDepth.Geometry;
using EndoDepth.Rendering.Phantom;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// Draws endoscope poses inside a <see cref="ColonPhantom"/>: a point along the centerline (away from the ends), a random
/// offset from the axis, a view direction jittered around the tangent (sometimes turned toward the wall, sometimes
/// looking back) and a random roll. Poses whose tip is too close to the wall are redrawn. Deterministic given the
/// random stream.
/// </summary>
public sealed class EndoscopePoseSampler
{
    private const int MaxTries = 64;
    private readonly ColonPhantom _phantom;

    /// <summary>Creates a sampler for <paramref name="phantom"/>.</summary>
    /// <exception cref="ArgumentException">The settings are out of range or the segment is shorter than the end margins.</exception>
    public EndoscopePoseSampler(ColonPhantom phantom, EndoscopePoseSettings? settings = null)
    {
        _phantom = phantom ?? throw new ArgumentNullException(nameof(phantom));
        Settings = settings ?? new EndoscopePoseSettings();
        Settings.Validate();
        if (phantom.Centerline.LengthMm <= 2 * Settings.EndMarginMm)
            throw new ArgumentException($"The phantom ({phantom.Centerline.LengthMm} mm) is shorter than twice the end margin ({Settings.EndMarginMm} mm).", nameof(phantom));
    }

    /// <summary>The settings.</summary>
    public EndoscopePoseSettings Settings { get; }

    /// <summary>Draws a pose from <paramref name="rng"/>.</summary>
    public RigidPose Sample(ref SplitMix64 rng)
    {
        var s = Settings;
        var line = _phantom.Centerline;
        var surface = _phantom.Surface;
        for (var attempt = 0; ; attempt++)
        {
            var at = rng.Uniform(s.EndMarginMm, line.LengthMm - s.EndMarginMm);
            var f = line.At(at);
            var offsetScale = attempt < MaxTries ? 1f : 0f; // fall back to the axis
            var radial = MathF.Sqrt((float)rng.NextDouble()) * s.MaxAxisOffsetFraction * f.Radius * offsetScale;
            var psi = rng.Uniform(0, 2 * MathF.PI);
            var outward = f.Normal * MathF.Cos(psi) + f.Binormal * MathF.Sin(psi);
            var eye = f.Point + outward * radial;
            var tangent = rng.Chance(s.ReverseProbability) ? -f.Tangent : f.Tangent;
            float tilt; Float3 toward;
            if (rng.Chance(s.WallLookProbability))
            {
                tilt = rng.Uniform(s.WallLookDegrees.Min, s.WallLookDegrees.Max);
                toward = rng.Chance(0.7) && radial > 1e-3f ? outward : Perpendicular(tangent, rng.Uniform(0, 2 * MathF.PI), f.Normal, f.Binormal);
            }
            else
            {
                tilt = s.LookJitterDegrees * MathF.Sqrt((float)rng.NextDouble());
                toward = Perpendicular(tangent, rng.Uniform(0, 2 * MathF.PI), f.Normal, f.Binormal);
            }
            var a = tilt * MathF.PI / 180f;
            var forward = Float3.Normalize(tangent * MathF.Cos(a) + toward * MathF.Sin(a));
            var roll = rng.Uniform(-s.MaxRollDegrees, s.MaxRollDegrees) * MathF.PI / 180f;
            if (attempt < 2 * MaxTries && surface.Sample(eye) < s.MinWallClearanceMm) continue;
            var side = Float3.Normalize(Float3.Cross(forward, MathF.Abs(Float3.Dot(forward, f.Normal)) < 0.9f ? f.Normal : f.Binormal));
            var up = side * MathF.Cos(roll) + Float3.Cross(forward, side) * MathF.Sin(roll);
            return RigidPose.LookAt(eye, eye + forward, up);
        }
    }

    private static Float3 Perpendicular(Float3 t, float angle, Float3 n, Float3 b)
    {
        var u = n * MathF.Cos(angle) + b * MathF.Sin(angle);
        return Float3.Normalize(u - t * Float3.Dot(u, t));
    }
}
