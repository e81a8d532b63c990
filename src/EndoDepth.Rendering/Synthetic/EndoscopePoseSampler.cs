using EndoDepth.Geometry;
using EndoDepth.Randomness;
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
            var (pose, eye) = ScopePoseDraw.At(ref rng, f, s, offsetScale);
            if (attempt < 2 * MaxTries && surface.Sample(eye) < s.MinWallClearanceMm) continue;
            return pose;
        }
    }
}
