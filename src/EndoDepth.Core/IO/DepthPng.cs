using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// Depth maps as 16-bit grey PNG at a fixed, documented scale: stored value v = round(depth_mm / MillimetresPerUnit),
/// 0 = invalid. The default scale (0.01 mm per unit) covers 0–655.35 mm at 10 µm resolution.
/// </summary>
public static class DepthPng
{
    /// <summary>The default scale: 0.01 mm per 16-bit unit.</summary>
    public const float DefaultMillimetresPerUnit = 0.01f;

    /// <summary>Writes a 16-bit grey PNG atomically.</summary>
    public static void Write(string path, DepthMap depth, float millimetresPerUnit = DefaultMillimetresPerUnit) =>
        throw new NotImplementedException("16-bit PNG writing is implemented in the foundation issue.");

    /// <summary>Reads a 16-bit grey PNG depth map.</summary>
    /// <exception cref="PngFormatException">Not a 16-bit grey PNG, or malformed.</exception>
    public static DepthMap Read(string path, float millimetresPerUnit = DefaultMillimetresPerUnit) =>
        throw new NotImplementedException("16-bit PNG reading is implemented in the foundation issue.");
}
