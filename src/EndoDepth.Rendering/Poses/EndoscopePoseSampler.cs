using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;

namespace EndoDepth.Rendering.Poses;

/// <summary>
/// Draws endoscope poses along a centerline inside a lumen: a point along the centerline away from the ends (short
/// lumens keep their middle half), an offset from the axis up to a fraction of the local radius, a view direction
/// jittered around the (possibly reversed) tangent or turned toward the wall, and a random roll
/// (<see cref="ScopePoseDraw"/>). Poses whose tip is closer to the wall than the settings' clearance, by the
/// <see cref="WallClearance"/> lookup, are redrawn. Deterministic given the random stream.
/// </summary>
public sealed class EndoscopePoseSampler
{
    private const int MaxTries = 64;
    private readonly Centerline _path;
    private readonly WallClearance _clearance;

    /// <summary>Creates a sampler along <paramref name="path"/> with wall distances from
    /// <paramref name="clearance"/>.</summary>
    /// <exception cref="ArgumentException">The settings are out of range.</exception>
    public EndoscopePoseSampler(Centerline path, WallClearance clearance, EndoscopePoseSettings? settings = null)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _clearance = clearance ?? throw new ArgumentNullException(nameof(clearance));
        Settings = settings ?? new EndoscopePoseSettings();
        Settings.Validate();
    }

    /// <summary>A sampler inside a <see cref="ColonPhantom"/>: its centerline and its surface's signed
    /// distances.</summary>
    /// <exception cref="ArgumentException">The settings are out of range or the segment is shorter than the end
    /// margins.</exception>
    public EndoscopePoseSampler(ColonPhantom phantom, EndoscopePoseSettings? settings = null)
        : this((phantom ?? throw new ArgumentNullException(nameof(phantom))).Centerline,
            p => phantom.Surface.Sample(p), settings)
    {
        if (phantom.Centerline.LengthMm <= 2 * Settings.EndMarginMm)
            throw new ArgumentException($"The phantom ({phantom.Centerline.LengthMm} mm) is shorter than twice the end "
                + $"margin ({Settings.EndMarginMm} mm).", nameof(phantom));
    }

    /// <summary>A sampler inside a lumen traced in a CT: its centerline and its distance transform.</summary>
    /// <exception cref="ArgumentException">The settings are out of range.</exception>
    public EndoscopePoseSampler(LumenCenterline.Result lumen, EndoscopePoseSettings? settings = null)
        : this((lumen ?? throw new ArgumentNullException(nameof(lumen))).Path, lumen.DistanceAt, settings)
    {
    }

    /// <summary>The settings.</summary>
    public EndoscopePoseSettings Settings { get; }

    /// <summary>Draws a pose from <paramref name="rng"/>.</summary>
    public RigidPose Sample(ref SplitMix64 rng)
    {
        var s = Settings;
        var margin = MathF.Min(s.EndMarginMm, _path.LengthMm * 0.25f);
        for (var attempt = 0; ; attempt++)
        {
            var f = _path.At(rng.Uniform(margin, _path.LengthMm - margin));
            var offsetScale = attempt < MaxTries ? 1f : 0f; // fall back to the axis
            var (pose, eye) = ScopePoseDraw.At(ref rng, f, s, offsetScale);
            if (attempt < 2 * MaxTries && _clearance(eye) < s.MinWallClearanceMm) continue;
            return pose;
        }
    }
}
