using System.Buffers.Binary;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// The headers of a Windows BMP file, checked before any pixel is decoded: the 'BM' file header, a BITMAPINFOHEADER
/// or later (40, 52, 56, 108 or 124 bytes), an acceptable size, one plane, 1/4/8/16/24/32 bits per pixel, uncompressed
/// or bit-field samples (RLE is refused: its escapes skip pixels without data, so its size has no bound), a palette
/// inside the file, and pixel rows that all lie inside it.
/// </summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Grey">True when every palette entry has equal red, green and blue (an 8-bit grey BMP).</param>
internal sealed record BmpLayout(int Width, int Height, bool Grey)
{
    /// <summary>True when the bytes start with 'BM'.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> file) => file.Length >= 2 && file[0] == 'B' && file[1] == 'M';

    /// <summary>Walks the headers; <paramref name="name"/> names the source in errors.</summary>
    /// <exception cref="ImageFormatException">The structure is broken, truncated, compressed or unsupported.
    /// </exception>
    public static BmpLayout Read(ReadOnlySpan<byte> file, string name)
    {
        if (!HasSignature(file)) throw new ImageFormatException(name, "not a BMP file (no 'BM')", 0);
        if (file.Length < 14 + 40) throw new ImageFormatException(name, "truncated: shorter than the BMP headers", 0);
        var pixelsAt = BinaryPrimitives.ReadUInt32LittleEndian(file[10..]);
        var dib = BinaryPrimitives.ReadUInt32LittleEndian(file[14..]);
        if (dib is not (40 or 52 or 56 or 108 or 124))
            throw new ImageFormatException(name, $"BMP info header of {dib} bytes is not read (expected " +
                "BITMAPINFOHEADER or later)", 14);
        if (14 + dib > file.Length) throw new ImageFormatException(name, "truncated: the info header runs past the end", 14);
        long width = BinaryPrimitives.ReadInt32LittleEndian(file[18..]);
        long height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(file[22..]));
        int planes = BinaryPrimitives.ReadUInt16LittleEndian(file[26..]), bits = BinaryPrimitives.ReadUInt16LittleEndian(file[28..]);
        var compression = BinaryPrimitives.ReadUInt32LittleEndian(file[30..]);
        var used = BinaryPrimitives.ReadUInt32LittleEndian(file[46..]);
        if (!ImageSize.IsAcceptable(width, height))
            throw new ImageFormatException(name, $"image size {width}×{height} is not acceptable", 18);
        if (planes != 1 || bits is not (1 or 4 or 8 or 16 or 24 or 32))
            throw new ImageFormatException(name, $"{planes} planes at {bits} bits per pixel is not a valid BMP", 26);
        if (compression is not (0 or 3 or 6))
            throw new ImageFormatException(name, $"BMP compression {compression} is not read (only uncompressed and " +
                "bit-field BMPs)", 30);
        var palette = bits <= 8 ? (used == 0 ? 1L << bits : used) : 0;
        var paletteAt = 14L + dib + (compression == 3 && dib == 40 ? 12 : 0);
        if (palette > 256 || paletteAt + 4 * palette > file.Length)
            throw new ImageFormatException(name, $"truncated: a palette of {palette} colours runs past the end", paletteAt);
        var stride = (width * bits + 31) / 32 * 4;
        if (pixelsAt < paletteAt || pixelsAt + stride * height > file.Length)
            throw new ImageFormatException(name, $"truncated: {height} rows of {stride} bytes at byte {pixelsAt} run " +
                $"past the end of the file ({file.Length} bytes)", 10);
        var grey = palette > 0;
        for (var i = 0; i < palette && grey; i++)
        {
            var c = file.Slice((int)(paletteAt + 4 * i), 3);
            grey = c[0] == c[1] && c[1] == c[2];
        }
        return new BmpLayout((int)width, (int)height, grey);
    }
}
