using System.Buffers.Binary;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// A small codec for 16-bit greyscale PNG (colour type 0, bit depth 16, no interlace), the storage of depth PNGs.
/// Writes through <see cref="PngEncoder"/> (Sub rows, zlib); reads through ImageSharp after <see cref="PngLayout"/> has
/// checked every chunk's CRC, the size and that the data inflates to every scanline, before any allocation for pixels.
/// 8-bit grey files are read too (widened to 16 bits as v·257).
/// </summary>
internal static class Grey16Png
{
    /// <summary>Encodes row-major 16-bit values as a PNG, with an optional tEXt comment.</summary>
    public static void Write(Stream s, ReadOnlySpan<ushort> values, int width, int height, string? comment = null)
    {
        ImageSize.Validate(width, height);
        if (values.Length != width * height) throw new ArgumentException($"Expected {width * height} values, got " +
            $"{values.Length}.", nameof(values));
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 * i), values[i]);
        PngEncoder.Write(s, bytes, width, height, 1, 16, comment);
    }

    /// <summary>Decodes a 16-bit (or 8-bit) grey PNG; <paramref name="name"/> names the source in errors.</summary>
    /// <exception cref="PngFormatException">Not a PNG, not grey 8/16-bit, interlaced, truncated, bad CRC or bad
    /// data.</exception>
    public static (int Width, int Height, ushort[] Values) Read(ReadOnlySpan<byte> file, string name)
    {
        var layout = PngLayout.Read(file, name);
        var depth = layout.BitDepth;
        if (layout.ColourType != 0 || depth is not (8 or 16))
            throw new PngFormatException(name,
                $"expected a greyscale 16-bit (or 8-bit) PNG, got colour type {layout.ColourType} at bit depth {depth}",
                24);
        if (layout.Interlaced) throw new PngFormatException(name, "interlaced PNGs are not supported for depth maps",
            28);
        layout.CheckImageData(file, name);
        return Grey16Decoding.DecodePng(file, name);
    }
}
