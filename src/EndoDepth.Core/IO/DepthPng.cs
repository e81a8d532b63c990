using System.Globalization;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// Depth maps as 16-bit grey PNG at a fixed, documented scale: stored value v = round(depth_mm / MillimetresPerUnit),
/// 0 = invalid. The default scale (0.01 mm per unit) covers 0.01–655.35 mm at 10 µm resolution, so a depth map
/// survives a round trip to within 0.005 mm. The scale is also written into the file as a tEXt comment for people
/// reading it with other tools; the reader does not rely on it.
/// </summary>
public static class DepthPng
{
    /// <summary>The default scale: 0.01 mm per 16-bit unit.</summary>
    public const float DefaultMillimetresPerUnit = 0.01f;

    /// <summary>
    /// Writes a 16-bit grey PNG atomically. Invalid pixels are stored as 0; a valid depth that would round to 0 is
    /// stored as 1 (the smallest valid value), so validity survives the round trip.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A valid depth exceeds 65535 units at this scale, or the scale is
    /// not positive.</exception>
    public static void Write(string path, DepthMap depth, float millimetresPerUnit = DefaultMillimetresPerUnit)
    {
        ArgumentNullException.ThrowIfNull(depth);
        var units = ToUnits(depth, millimetresPerUnit);
        var comment = string.Create(CultureInfo.InvariantCulture,
            $"EndoDepth depth map: z-depth in mm = value * {millimetresPerUnit}; 0 = invalid");
        AtomicFile.Write(path, s => Grey16Png.Write(s, units, depth.Width, depth.Height, comment));
    }

    /// <summary>Reads a 16-bit grey PNG depth map (8-bit grey files are widened as v·257 first).</summary>
    /// <exception cref="PngFormatException">Not a 16-bit grey PNG, or malformed.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static DepthMap Read(string path, float millimetresPerUnit = DefaultMillimetresPerUnit)
    {
        CheckScale(millimetresPerUnit);
        var (w, h, v) = Grey16Png.Read(File.ReadAllBytes(path), path);
        return FromUnits(w, h, v, millimetresPerUnit);
    }

    /// <summary>Reads a depth PNG from a stream; <paramref name="name"/> names it in error messages.</summary>
    /// <exception cref="PngFormatException">Not a 16-bit grey PNG, or malformed.</exception>
    public static DepthMap Read(Stream stream, string name = "(stream)",
        float millimetresPerUnit = DefaultMillimetresPerUnit)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckScale(millimetresPerUnit);
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        var (w, h, v) = Grey16Png.Read(ms.GetBuffer().AsSpan(0, (int)ms.Length), name);
        return FromUnits(w, h, v, millimetresPerUnit);
    }

    /// <summary>
    /// Writes a depth PNG to a stream (not atomic; see <see cref="Write(string, DepthMap, float)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A valid depth exceeds 65535 units at this scale.</exception>
    public static void Write(Stream stream, DepthMap depth, float millimetresPerUnit = DefaultMillimetresPerUnit)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(depth);
        Grey16Png.Write(stream, ToUnits(depth, millimetresPerUnit), depth.Width, depth.Height);
    }

    private static ushort[] ToUnits(DepthMap depth, float millimetresPerUnit)
    {
        var scale = Decimal(millimetresPerUnit);
        var mm = depth.Millimetres;
        var valid = depth.Valid;
        var units = new ushort[mm.Length];
        for (var i = 0; i < mm.Length; i++)
        {
            if (!valid[i]) continue;
            var u = Math.Round(mm[i] / scale, MidpointRounding.AwayFromZero);
            if (u > ushort.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(depth),
                    $"Depth {mm[i]} mm at pixel ({i % depth.Width}, {i / depth.Width}) exceeds the largest storable " +
                    $"depth {ushort.MaxValue * scale} mm at {millimetresPerUnit} mm per unit.");
            units[i] = (ushort)Math.Max(1, u);
        }
        return units;
    }

    private static DepthMap FromUnits(int w, int h, ushort[] v, float millimetresPerUnit)
    {
        var scale = Decimal(millimetresPerUnit);
        var mm = new float[v.Length];
        for (var i = 0; i < v.Length; i++) mm[i] = (float)(v[i] * scale);
        return new DepthMap(w, h, mm);
    }

    /// <summary>
    /// The scale as the decimal number it was written as (0.01f → 0.01 exactly in double, not 0.00999999977…), so
    /// that stored units map to the nearest float of units / 100.
    /// </summary>
    private static double Decimal(float millimetresPerUnit)
    {
        CheckScale(millimetresPerUnit);
        return double.Parse(millimetresPerUnit.ToString("R", CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture);
    }

    private static void CheckScale(float millimetresPerUnit)
    {
        if (!(millimetresPerUnit > 0) || !float.IsFinite(millimetresPerUnit))
            throw new ArgumentOutOfRangeException(nameof(millimetresPerUnit),
                $"The scale must be a positive number of mm per unit, got {millimetresPerUnit}.");
    }
}
