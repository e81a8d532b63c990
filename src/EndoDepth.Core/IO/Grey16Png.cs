using System.Buffers.Binary;
using System.IO.Compression;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// A small codec for 16-bit greyscale PNG (colour type 0, bit depth 16, no interlace), the storage of depth PNGs.
/// Writes through <see cref="PngEncoder"/> (Sub rows, zlib); reads any of the five filter types, checks every chunk's
/// CRC and refuses unacceptable sizes before allocating. 8-bit grey files are read too (widened to 16 bits as v·257).
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
        var (width, height, depth) = (layout.Width, layout.Height, layout.BitDepth);
        if (layout.ColourType != 0 || depth is not (8 or 16))
            throw new PngFormatException(name,
                $"expected a greyscale 16-bit (or 8-bit) PNG, got colour type {layout.ColourType} at bit depth {depth}",
                24);
        if (layout.Interlaced) throw new PngFormatException(name, "interlaced PNGs are not supported for depth maps",
            28);
        var idat = new MemoryStream();
        foreach (var r in layout.ImageData) idat.Write(file[r]);

        var bpp = depth / 8;
        var rowBytes = width * bpp;
        var raw = new byte[(long)height * (rowBytes + 1)];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            var got = 0;
            while (got < raw.Length)
            {
                var r = z.Read(raw, got, raw.Length - got);
                if (r == 0) throw new PngFormatException(name,
                    $"truncated image data: {got} of {raw.Length} bytes decompressed");
                got += r;
            }
        }
        catch (InvalidDataException e) { throw new PngFormatException(name,
            "corrupt compressed image data: " + e.Message, null, e); }

        Unfilter(raw, height, rowBytes, bpp, name);
        var values = new ushort[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (rowBytes + 1) + 1, rowBytes);
            var o = values.AsSpan(y * width, width);
            if (bpp == 2) for (var x = 0; x < width; x++) o[x] = BinaryPrimitives.ReadUInt16BigEndian(row[(2 * x)..]);
            else for (var x = 0; x < width; x++) o[x] = (ushort)(row[x] * 257);
        }
        return (width, height, values);
    }

    private static void Unfilter(byte[] raw, int height, int rowBytes, int bpp, string name)
    {
        var stride = rowBytes + 1;
        for (var y = 0; y < height; y++)
        {
            var f = raw[y * stride];
            var cur = raw.AsSpan(y * stride + 1, rowBytes);
            var prev = y > 0 ? raw.AsSpan((y - 1) * stride + 1, rowBytes) : Span<byte>.Empty;
            switch (f)
            {
                case 0: break;
                case 1: for (var i = bpp; i < rowBytes; i++) cur[i] += cur[i - bpp]; break;
                case 2: if (y > 0) for (var i = 0; i < rowBytes; i++) cur[i] += prev[i]; break;
                case 3:
                    for (var i = 0; i < rowBytes; i++)
                    {
                        var a = i >= bpp ? cur[i - bpp] : 0;
                        var b = y > 0 ? prev[i] : 0;
                        cur[i] += (byte)((a + b) >> 1);
                    }
                    break;
                case 4:
                    for (var i = 0; i < rowBytes; i++)
                    {
                        int a = i >= bpp ? cur[i - bpp] : 0, b = y > 0 ? prev[i] : 0;
                        int c = i >= bpp && y > 0 ? prev[i - bpp] : 0;
                        cur[i] += (byte)Paeth(a, b, c);
                    }
                    break;
                default: throw new PngFormatException(name, $"unknown filter type {f} on row {y}");
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
