using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// One path of the <see cref="PathTracingKernel"/> between its stages (free flight, collision shading up to the shadow
/// ray, shadow ray, continuation), resumable one unit of work at a time. A value
/// type usable inside kernels.
/// </summary>
internal struct PathState
{
    /// <summary>Radiance gathered so far.</summary>
    public Float3 Radiance;
    /// <summary>Path throughput.</summary>
    public Float3 Beta;
    /// <summary>Origin of the next free flight (world, mm).</summary>
    public Float3 O;
    /// <summary>Direction of the next free flight (unit).</summary>
    public Float3 D;
    /// <summary>The path's random stream.</summary>
    public PathRandom Rng;
    /// <summary>The free flight or shadow ray being tracked.</summary>
    public Tracker Tracker;
    /// <summary>Width (mm) of the path's ray cone at the next event
    /// (<see cref="PathParams.TextureFootprintMm"/>).</summary>
    public float Footprint;
    /// <summary>Angular spread (rad) of the lobe that chose <see cref="D"/>; 0 for the camera ray.</summary>
    public float Spread;
    /// <summary>Where the first free flight starts (mm, <see cref="PrimaryStart"/>).</summary>
    public float Start;
    /// <summary>Events so far.</summary>
    public int Bounce;
    /// <summary>True while the path goes on.</summary>
    public bool Alive;
    /// <summary>True when the path was started (its radiance counts; false for a sample outside the image
    /// circle).</summary>
    public bool Counted;
    /// <summary>The current event is a BRDF (surface) event; false: a phase event.</summary>
    public bool Surface;
    /// <summary>The current event's position (offset along the normal for a surface event).</summary>
    public Float3 X;
    /// <summary>Surface event: the unit normal facing the incoming path.</summary>
    public Float3 Normal;
    /// <summary>Surface event: the material.</summary>
    public SurfaceMaterial Material;
    /// <summary>The tracker holds the current event's shadow ray (false: a free flight).</summary>
    public bool Shadowing;
    /// <summary>The next-event estimate waits for its shadow ray's transmittance.</summary>
    public bool Light;
    /// <summary>Surface event: BRDF·cos toward the light.</summary>
    public Float3 F;
    /// <summary>Phase event: the phase function toward the light.</summary>
    public float Phase;
    /// <summary>The light's intensity toward the event.</summary>
    public float Intensity;
    /// <summary>Distance to the light (mm).</summary>
    public float Distance;
    /// <summary>The albedo at the path's first real collision (colour × texture × single-scattering albedo, before
    /// lighting); zero until then.</summary>
    public Float3 FirstAlbedo;
    /// <summary>True once the path has met its first real collision.</summary>
    public bool FirstEvent;

    /// <summary>A path from <paramref name="origin"/> along <paramref name="direction"/> with its random
    /// stream.</summary>
    public static PathState Begin(Float3 origin, Float3 direction, float start, PathRandom rng) => new()
    {
        Beta = new Float3(1f, 1f, 1f), O = origin, D = direction, Rng = rng, Tracker = Tracker.Idle, Start = start,
        Alive = true, Counted = true,
    };

    /// <summary>No path (a sample that is not traced).</summary>
    public static PathState None => new() { Tracker = Tracker.Idle };
}
