namespace EndoDepth.Crf.Networks;

/// <summary>How the head's position cues describe where a superpixel lies.</summary>
public enum CueGeometry
{
    /// <summary>
    /// Image position: the centroid's x and y from the image centre in units of half the longer side, and its radius.
    /// The same pixel means a different ray angle under a different lens.
    /// </summary>
    ImagePosition,

    /// <summary>
    /// The camera ray through the centroid, from the intrinsics: its x and y direction components (sin θ cos φ,
    /// sin θ sin φ) and ln cos θ. With the lights at the lens, inverse-square shading gives
    /// ln z = ln cos θ − ½ ln L + ½ ln cos(incidence) + const, so these cues and ln L mean the same under every
    /// lens.
    /// </summary>
    CameraRay,
}
