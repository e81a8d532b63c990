using System.Text.Json;
using EndoDepth.Datasets;
using EndoDepth.Geometry;

namespace EndoDepth.Registration;

/// <summary>
/// Reads the camera of a registration: the one place that turns a camera JSON file into a <see cref="CameraModel"/>.
/// The file is a dataset <see cref="CameraRecord"/>: <c>{"model": "fisheye-equidistant" | "pinhole", "width",
/// "height", "fx", "fy", "cx", "cy", "max_theta_deg"}</c>; <c>max_theta_deg</c> may be left out (the cone through the
/// image corners, capped at 85°).
/// </summary>
public static class CameraFile
{
    /// <summary>Largest file read (bytes): a camera file is a few hundred.</summary>
    private const long MaxBytes = 1 << 20;

    /// <summary>Loads the camera of <paramref name="path"/>.</summary>
    /// <exception cref="RegistrationInputException">Missing, oversized or malformed file, an unsupported model or
    /// invalid intrinsics.</exception>
    public static CameraModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new RegistrationInputException(path, "camera file not found");
        if (new FileInfo(path).Length > MaxBytes)
            throw new RegistrationInputException(path, $"camera file larger than {MaxBytes} bytes");
        CameraRecord? record;
        try { record = JsonSerializer.Deserialize<CameraRecord>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new RegistrationInputException(path, "malformed camera JSON: " + e.Message, e); }
        if (record is null || record.Model is null) throw new RegistrationInputException(path, "no camera model given");
        if (record.Model is not (CameraRecord.PinholeName or CameraRecord.FisheyeName))
            throw new RegistrationInputException(path, $"camera model '{record.Model}' is not supported (expected " +
                $"'{CameraRecord.FisheyeName}' or '{CameraRecord.PinholeName}')");
        if (record.MaxThetaDeg == 0) record = record with { MaxThetaDeg = CornerThetaDegrees(record) };
        try { return record.ToCamera(); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new RegistrationInputException(path, "invalid camera: " + e.Message, e);
        }
    }

    /// <summary>Half field of view of the circle through the image corners (degrees, at most 85).</summary>
    private static double CornerThetaDegrees(CameraRecord r)
    {
        if (!(r.Fx > 0) || !(r.Fy > 0)) return 85;
        var mx = Math.Max(r.Cx, r.Width - r.Cx) / r.Fx;
        var my = Math.Max(r.Cy, r.Height - r.Cy) / r.Fy;
        var m = Math.Sqrt(mx * mx + my * my);
        var theta = r.Model == CameraRecord.PinholeName ? Math.Atan(m) : m;
        return Math.Min(theta * 180 / Math.PI * 1.0001, 85);
    }
}
