using EndoDepth.Geometry;
using EndoDepth.Randomness;
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
            var offsetScale = attempt < MaxTries ? 1f : 0f; // fall back to the axis
            var (pose, eye) = ScopePoseDraw.At(ref rng, f, s, offsetScale);
            if (attempt < 2 * MaxTries && _lumen.DistanceAt(eye) < s.MinWallClearanceMm) continue;
            return pose;
        }
    }
}
