using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>Per-launch parameters of the <see cref="PathTracingKernel"/>. A value type usable inside kernels.</summary>
internal struct PathParams
{
    /// <summary>The camera.</summary>
    public CameraModel Camera;
    /// <summary>Camera → world.</summary>
    public RigidPose Pose;
    /// <summary>The lights (world frame) and ambient.</summary>
    public LightSet Lights;
    /// <summary>The procedural tissue texture.</summary>
    public TissueTexture Texture;
    /// <summary>The texture prefiltered over wide footprints (<see cref="TissueTexture.AverageMultiplier"/>).</summary>
    public Float3 TextureMean;
    /// <summary>
    /// Footprint width (mm) from which an event uses <see cref="TextureMean"/> instead of evaluating the pattern: a
    /// path's
    /// footprint grows by each flight's length times the angular spread of the lobe that chose its direction (ray-cone
    /// texture filtering, as renderers filter textures seen by blurry indirect rays); 0 = never (always the pattern).
    /// </summary>
    public float TextureFootprintMm;
    /// <summary>Henyey–Greenstein mean cosine g.</summary>
    public float PhaseG;
    /// <summary>Angular spread (rad) of the phase function, √(2(1 − g)) capped at 1 (E[θ²] ≈ 2(1 − E[cos
    /// θ])), for <see cref="TextureFootprintMm"/>.</summary>
    public float PhaseSpread;
    /// <summary>Largest probability of a BRDF (surface) event, reached at strong gradients.</summary>
    public float SurfaceProbability;
    /// <summary>Gradient magnitude (HU/mm) at which the surface probability reaches 1 − 1/e of its maximum.</summary>
    public float GradientScale;
    /// <summary>Offset (mm) along the normal for rays leaving a surface event (avoids self-shadowing).</summary>
    public float SurfaceOffset;
    /// <summary>Largest radiance (per channel) one light sample may add after the first event; 0 = no clamp.</summary>
    public float IndirectClamp;
    /// <summary>Most scattering events per path.</summary>
    public int MaxBounces;
    /// <summary>Scattering events before Russian roulette starts.</summary>
    public int RouletteStart;
    /// <summary>First sample index of this launch.</summary>
    public int SampleStart;
    /// <summary>Samples per pixel in this launch.</summary>
    public int SampleCount;
    /// <summary>The render's seed.</summary>
    public uint Seed;
}
