namespace EndoDepth.Imaging;

/// <summary>What a depth value measures.</summary>
public enum DepthKind
{
    /// <summary>
    /// Distance along the optical axis (the camera-frame z of the surface point). EndoDepth's default.
    /// </summary>
    ZDepth = 0,

    /// <summary>Euclidean distance from the camera centre to the surface point (along the pixel's ray).</summary>
    Radial = 1,
}
