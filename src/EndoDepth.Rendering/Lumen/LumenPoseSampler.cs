using EndoDepth.Geometry;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Rendering.Lumen;

/// <summary>
/// Endoscope poses inside a traced lumen, drawn like the forward model's (<see cref="EndoscopePoseSampler"/>, same
/// <see cref="EndoscopePoseSettings"/>): a point along the centerline away from the ends, an offset from the axis up to a
/// fraction of the local wall distance, a view direction jittered around the (possibly reversed) tangent or turned toward
/// the wall, and a random roll; poses closer to the wall than the clearance are redrawn. Deterministic given the stream.
/// </summary>
public sealed class LumenPoseSampler
{
    private const int MaxTries = 64;
    private readonly LumenCenterline.Result _lumen;

    /// <summary>Creates a sampler over a traced lumen.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public LumenPoseSampler(LumenCenterline.Result lumen, EndoscopePoseSettings? settings = null)
    {
        _lumen = lumen ?? throw new ArgumentNullException(nameof(lumen));
        Settings = settings ?? new EndoscopePoseSettings();
        Settings.Validate();
    }

    /// <summary>The settings.</summary>
    public EndoscopePoseSettings Settings { get; }

    /// <summary>Draws a pose from <paramref name="rng"/>.</summary>
    public RigidPose Sample(ref SplitMix64 rng)
    {
        var s = Settings;
        var line = _lumen.Path;
        var margin = MathF.Min(s.EndMarginMm, line.LengthMm * 0.25f); // short lumens keep their middle half
        for (var attempt = 0; ; attempt++)
        {
            var f = line.At(rng.Uniform(margin, line.LengthMm - margin));
            var offsetScale = attempt < MaxTries ? 1f : 0f;
            var radial = MathF.Sqrt((float)rng.NextDouble()) * s.MaxAxisOffsetFraction * f.Radius * offsetScale;
            var psi = rng.Uniform(0, 2 * MathF.PI);
            var outward = f.Normal * MathF.Cos(psi) + f.Binormal * MathF.Sin(psi);
            var eye = f.Point + outward * radial;
            var tangent = rng.Chance(s.ReverseProbability) ? -f.Tangent : f.Tangent;
            float tilt; Float3 toward;
            if (rng.Chance(s.WallLookProbability))
            {
                tilt = rng.Uniform(s.WallLookDegrees.Min, s.WallLookDegrees.Max);
                toward = radial > 1e-3f && rng.Chance(0.7) ? outward : Around(tangent, f.Normal, f.Binormal, rng.Uniform(0, 2 * MathF.PI));
            }
            else
            {
                tilt = s.LookJitterDegrees * MathF.Sqrt((float)rng.NextDouble());
                toward = Around(tangent, f.Normal, f.Binormal, rng.Uniform(0, 2 * MathF.PI));
            }
            var a = tilt * MathF.PI / 180f;
            var forward = Float3.Normalize(tangent * MathF.Cos(a) + toward * MathF.Sin(a));
            var roll = rng.Uniform(-s.MaxRollDegrees, s.MaxRollDegrees) * MathF.PI / 180f;
            if (attempt < 2 * MaxTries && _lumen.DistanceAt(eye) < s.MinWallClearanceMm) continue;
            var side = Float3.Normalize(Float3.Cross(forward, MathF.Abs(Float3.Dot(forward, f.Normal)) < 0.9f ? f.Normal : f.Binormal));
            var up = side * MathF.Cos(roll) + Float3.Cross(forward, side) * MathF.Sin(roll);
            return RigidPose.LookAt(eye, eye + forward, up);
        }
    }

    private static Float3 Around(Float3 t, Float3 n, Float3 b, float angle)
    {
        var u = n * MathF.Cos(angle) + b * MathF.Sin(angle);
        return Float3.Normalize(u - t * Float3.Dot(u, t));
    }
}
