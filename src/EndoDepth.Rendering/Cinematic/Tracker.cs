using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Delta or ratio tracking along one ray as a resumable state machine: <see cref="Medium{TView}.BeginTracking"/> sets
/// it up and each <see cref="Medium{TView}.Step"/> does one unit of work (one macro-cell step, or one tentative
/// collision), so that a path's stages can be interleaved with other work (<see cref="PathTracingKernel"/>). Stepping
/// one tracker to the end is exactly
/// <see cref="Medium{TView}.SampleCollision(Float3, Float3, float, float, ref PathRandom, out float)"/> or
/// <see cref="Medium{TView}.Transmittance"/>: the same random numbers in the same order, the same arithmetic. A value
/// type usable inside kernels.
/// </summary>
internal struct Tracker
{
    /// <summary>The macro-cell walk.</summary>
    public CellWalk Walk;
    /// <summary>Ray origin in voxel coordinates.</summary>
    public Float3 Ov;
    /// <summary>Ray direction in voxel coordinates (per mm of the world ray).</summary>
    public Float3 Dv;
    /// <summary>The current tentative position (mm) inside an occupied cell.</summary>
    public float S;
    /// <summary>Optical depth (under the majorants) left to the next tentative collision; 0 = draw a new one.</summary>
    public float Tau;
    /// <summary>The current occupied cell's majorant.</summary>
    public float Majorant;
    /// <summary>True while sampling inside an occupied cell (false: looking for the next one).</summary>
    public bool InCell;
    /// <summary>True while there is work left.</summary>
    public bool Active;
    /// <summary>Ratio tracking (transmittance) rather than delta tracking (free flight).</summary>
    public bool Ratio;
    /// <summary>Delta tracking: a real collision was found (at <see cref="T"/>).</summary>
    public bool Hit;
    /// <summary>Delta tracking: the collision distance (mm).</summary>
    public float T;
    /// <summary>Ratio tracking: the transmittance estimate.</summary>
    public float Tr;

    /// <summary>A tracker with no work (its result: no collision, transmittance 1).</summary>
    public static Tracker Idle => new() { Tr = 1f };
}
