using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// One lane of <see cref="EndoscopePixel.ShadeStrip{TGrid, TOut}"/>: the pixel it is tracing (−1 when idle), that
/// pixel's <see cref="MarchingRay"/>, and what shading needs from the ray set-up (camera-space and world directions,
/// start distance, off-axis angle θ/θmax).
/// </summary>
internal struct PixelLane
{
    /// <summary>The pixel (row-major index), or −1 when the lane has no more work.</summary>
    public int Pixel;
    /// <summary>The pixel's ray.</summary>
    public MarchingRay Ray;
    /// <summary>Camera-space unit direction.</summary>
    public Float3 Camera;
    /// <summary>World-space unit direction.</summary>
    public Float3 World;
    /// <summary>Start distance from the cone pre-pass (mm).</summary>
    public float Start;
    /// <summary>Angle to the optical axis as a fraction of the half field of view (−1 outside it).</summary>
    public float OffAxis;

    /// <summary>Whether the lane holds a pixel (traced or waiting to be shaded).</summary>
    public readonly bool Busy => Pixel >= 0;

    /// <summary>An idle lane.</summary>
    public static PixelLane Idle => new() { Pixel = -1, Ray = MarchingRay.Finished };
}
