namespace EndoDepth.Geometry;

/// <summary>How a camera maps the angle θ from the optical axis to the image radius r.</summary>
public enum ProjectionKind
{
    /// <summary>Perspective (rectilinear): r = f·tan θ. Field of view below 180°; practical up to ~120°.</summary>
    Pinhole = 0,

    /// <summary>
    /// Equidistant fisheye, the usual wide-angle endoscope model: r = f·θ. Field of view up to 170° here.
    /// </summary>
    EquidistantFisheye = 1,
}
