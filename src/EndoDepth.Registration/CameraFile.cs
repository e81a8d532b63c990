using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Geometry.Calibration;

namespace EndoDepth.Registration;

/// <summary>
/// Reads the camera of a registration: a calibration file as <see cref="CameraCalibration.Load"/> reads it (any model:
/// pinhole, equidistant, Brown–Conrady, Kannala–Brandt, Scaramuzza; EndoDepth or OpenCV-style JSON, C3VD intrinsics, or
/// a dataset <see cref="CameraRecord"/> such as <c>{"model": "fisheye-equidistant", "width", "height", "fx", "fy",
/// "cx", "cy"}</c>; docs/cameras.md). Without <c>max_theta_deg</c> the valid cone passes through the image corners,
/// capped at 85°.
/// </summary>
public static class CameraFile
{
    /// <summary>Loads the camera of <paramref name="path"/>.</summary>
    /// <exception cref="RegistrationInputException">Missing or malformed file, an unknown model or invalid
    /// intrinsics.</exception>
    public static CameraModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new RegistrationInputException(path, "camera file not found");
        try { return CameraCalibration.Load(path); }
        catch (CameraCalibrationException e)
        {
            throw new RegistrationInputException(path, "invalid camera: " + e.Message, e);
        }
    }
}
