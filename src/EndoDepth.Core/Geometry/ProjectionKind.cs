namespace EndoDepth.Geometry;

/// <summary>How a camera maps the angle θ from the optical axis to the image radius r (docs/cameras.md).</summary>
public enum ProjectionKind
{
    /// <summary>Perspective (rectilinear): r = f·tan θ. Field of view below 180°; practical up to ~120°.</summary>
    Pinhole = 0,

    /// <summary>
    /// Equidistant fisheye, the usual wide-angle endoscope model: r = f·θ. Field of view up to 170° here.
    /// </summary>
    EquidistantFisheye = 1,

    /// <summary>
    /// Pinhole with Brown–Conrady radial (k1, k2, k3) and tangential (p1, p2) distortion: OpenCV's
    /// <c>cv::projectPoints</c> model with five coefficients.
    /// </summary>
    BrownConrady = 2,

    /// <summary>
    /// Kannala–Brandt fisheye, OpenCV's <c>cv::fisheye</c>: r = f·θ(1 + k1θ² + k2θ⁴ + k3θ⁶ + k4θ⁸).
    /// </summary>
    KannalaBrandt = 3,

    /// <summary>
    /// Scaramuzza's omnidirectional model (OCamCalib; MATLAB's <c>fisheyeIntrinsics</c>; C3VD's calibration): the ray of
    /// sensor point (x, y) is (x, y, a0 + a1ρ + a2ρ² + … + a5ρ⁵), ρ = √(x² + y²), and a stretch matrix maps the sensor
    /// to pixels.
    /// </summary>
    Scaramuzza = 4,
}
