using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>Per-launch parameters of the <see cref="PathTracingKernel"/>. A value type usable inside kernels.</summary>
public struct PathParams
{
    /// <summary>The camera.</summary>
    public CameraModel Camera;
    /// <summary>Camera → world.</summary>
    public RigidPose Pose;
    /// <summary>The lights (world frame) and ambient.</summary>
    public LightSet Lights;
    /// <summary>The procedural tissue texture.</summary>
    public TissueTexture Texture;
    /// <summary>Henyey–Greenstein mean cosine g.</summary>
    public float PhaseG;
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
