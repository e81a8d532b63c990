namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// One lane of <see cref="EndoscopePixel.ShadeStrip{TGrid, TOut}"/>: the pixel it is tracing (−1 when idle), that
/// pixel's camera ray as set up (what shading needs) and its <see cref="MarchingRay"/>.
/// </summary>
internal struct PixelLane
{
    /// <summary>The pixel (row-major index), or −1 when the lane has no more work.</summary>
    public int Pixel;
    /// <summary>The pixel's camera ray (directions, off-axis angle, cone start).</summary>
    public PixelRay View;
    /// <summary>The pixel's ray march.</summary>
    public MarchingRay Ray;

    /// <summary>Whether the lane holds a pixel (being traced, or traced and not yet shaded).</summary>
    public readonly bool Busy => Pixel >= 0;

    /// <summary>An idle lane.</summary>
    public static PixelLane Idle => new() { Pixel = -1, Ray = MarchingRay.Finished };
}
