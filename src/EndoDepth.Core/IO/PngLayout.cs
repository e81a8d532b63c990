using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// The chunk structure of a PNG file (PNG specification §5), checked before any pixel is decoded: the signature, IHDR
/// first with 13 bytes, an acceptable size and a valid colour type / bit depth pair, every chunk inside the file with
/// a matching CRC, no unknown critical chunk, at least one IDAT, and IEND. Bytes after IEND are ignored.
/// </summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="BitDepth">Bits per sample (1, 2, 4, 8 or 16).</param>
/// <param name="ColourType">0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA.</param>
/// <param name="Interlaced">Adam7 interlacing.</param>
/// <param name="ImageData">Where each IDAT chunk's data lies in the file, in order.</param>
internal sealed record PngLayout(int Width, int Height, int BitDepth, int ColourType, bool Interlaced,
    IReadOnlyList<Range> ImageData)
{
    private const long MaxDeflateRatio = 1032;

    /// <summary>Bits per pixel: samples per pixel (by colour type) times the bit depth.</summary>
    public int BitsPerPixel => BitDepth * ColourType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };

    /// <summary>True when the bytes start with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> file) => file.Length >= 8 && file[..8].SequenceEqual(PngEncoder.Signature);

    /// <summary>Walks the chunks; <paramref name="name"/> names the source in errors.</summary>
    /// <exception cref="PngFormatException">The structure is broken, truncated or unsupported.</exception>
    public static PngLayout Read(ReadOnlySpan<byte> file, string name)
    {
        if (!HasSignature(file)) throw new PngFormatException(name, "not a PNG file (bad signature)", 0);
        PngLayout? header = null;
        var idat = new List<Range>();
        var pos = 8;
        while (true)
        {
            if (file.Length - pos < 12)
                throw new PngFormatException(name, "truncated: file ends before the IEND chunk", pos);
            var len = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            var type = file.Slice(pos + 4, 4);
            var typeName = Encoding.ASCII.GetString(type);
            if (len > int.MaxValue || len > file.Length - pos - 12)
                throw new PngFormatException(name,
                    $"truncated: chunk '{typeName}' claims {len} bytes, {file.Length - pos - 12} remain", pos);
            var data = file.Slice(pos + 8, (int)len);
            if (BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 8 + (int)len)..]) != PngCrc.Of(type, data))
                throw new PngFormatException(name, $"CRC mismatch in chunk '{typeName}' (corrupt file)", pos);
            if (header is null)
            {
                if (!type.SequenceEqual("IHDR"u8)) throw new PngFormatException(name, "the first chunk is not IHDR", pos);
                header = Header(data, name, pos);
            }
            else if (type.SequenceEqual("IDAT"u8)) idat.Add(new Range(pos + 8, pos + 8 + (int)len));
            else if (type.SequenceEqual("IEND"u8)) break;
            else if ((type[0] & 0x20) == 0 && !type.SequenceEqual("PLTE"u8))
                throw new PngFormatException(name, $"unknown critical chunk '{typeName}'", pos);
            pos += 12 + (int)len;
        }
        if (idat.Count == 0) throw new PngFormatException(name, "no image data (IDAT)");
        // Deflate expands at most 1032:1 (RFC 1951: a 258-byte match costs at least 2 bits), so image data too short
        // for the declared size is refused before any decoder allocates the pixels it claims.
        var compressed = idat.Sum(r => (long)(r.End.Value - r.Start.Value));
        var raw = header.ScanlineBytes;
        if (raw > MaxDeflateRatio * compressed + 1024)
            throw new PngFormatException(name, $"its {compressed} bytes of image data cannot hold the declared " +
                $"{header.Width}×{header.Height} pixels ({raw} bytes)");
        return header with { ImageData = idat };
    }

    /// <summary>Bytes of filtered scanlines the image data must inflate to (Adam7 passes summed when interlaced).</summary>
    public long ScanlineBytes
    {
        get
        {
            long Rows(long w, long h) => w == 0 || h == 0 ? 0 : h * (1 + (w * BitsPerPixel + 7) / 8);
            if (!Interlaced) return Rows(Width, Height);
            // Adam7 passes: (x offset, y offset, x step, y step), PNG specification §8.2.
            ReadOnlySpan<int> passes = [0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2];
            long total = 0;
            for (var p = 0; p < 28; p += 4)
                total += Rows((Width - passes[p] + passes[p + 2] - 1) / passes[p + 2],
                    (Height - passes[p + 1] + passes[p + 3] - 1) / passes[p + 3]);
            return total;
        }
    }

    /// <summary>
    /// Inflates the image data (up to <see cref="ScanlineBytes"/>, no further) and refuses a stream that is corrupt
    /// or ends early: a decoder is never left waiting for scanlines that are not there.
    /// </summary>
    /// <exception cref="PngFormatException">The compressed data is corrupt or too short.</exception>
    public void CheckImageData(ReadOnlySpan<byte> file, string name)
    {
        // An interlaced image narrower than 5 pixels has an Adam7 pass with rows but no columns, on which
        // ImageSharp 2.1.13 loops forever (measured: a valid 4×3 interlaced grey PNG).
        if (Interlaced && Width < 5)
            throw new PngFormatException(name, $"interlaced PNGs narrower than 5 pixels are not read ({Width}×{Height})");
        var compressed = new MemoryStream();
        foreach (var r in ImageData) compressed.Write(file[r]);
        compressed.Position = 0;
        var need = ScanlineBytes;
        var buffer = new byte[1 << 16];
        long got = 0;
        try
        {
            using var z = new ZLibStream(compressed, CompressionMode.Decompress);
            while (got < need)
            {
                var n = z.Read(buffer, 0, (int)Math.Min(buffer.Length, need - got));
                if (n == 0) break;
                got += n;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // IOException: System.IO.Compression's
        {                                                                   // ZLibException
            throw new PngFormatException(name, "corrupt compressed image data: " + e.Message, null, e);
        }
        if (got < need)
            throw new PngFormatException(name, $"truncated image data: {got} of {need} bytes of scanlines");
    }

    private static PngLayout Header(ReadOnlySpan<byte> data, string name, int pos)
    {
        if (data.Length != 13) throw new PngFormatException(name, "IHDR chunk has the wrong length", pos);
        var w = BinaryPrimitives.ReadUInt32BigEndian(data);
        var h = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (!ImageSize.IsAcceptable(w, h))
            throw new PngFormatException(name, $"image size {w}×{h} is not acceptable", pos + 8);
        int depth = data[8], colour = data[9];
        var valid = colour switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!valid) throw new PngFormatException(name, $"colour type {colour} at bit depth {depth} is not valid PNG",
            pos + 16);
        if (data[10] != 0 || data[11] != 0)
            throw new PngFormatException(name, "unknown compression or filter method", pos + 18);
        if (data[12] > 1) throw new PngFormatException(name, $"unknown interlace method {data[12]}", pos + 20);
        return new PngLayout((int)w, (int)h, depth, colour, data[12] == 1, []);
    }
}
