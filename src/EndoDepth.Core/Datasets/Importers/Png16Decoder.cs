using System.Buffers.Binary;
using System.IO.Compression;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Datasets.Importers;

/// <summary>
/// Raw samples of a 16-bit grey (or 16-bit RGB/RGBA: the first channel) non-interlaced PNG, as SimCol3D stores its depth.
/// Decoding follows the PNG specification (ISO/IEC 15948): IHDR, the concatenated IDAT zlib stream, and the five
/// per-row filters.
/// </summary>
public sealed class Png16Decoder : IRawDepthDecoder
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <inheritdoc />
    public RawDepthImage Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Signature)) throw new PngFormatException(path, "not a PNG file (bad signature)", 0);
        int width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        var pos = 8;
        var sawHeader = false;
        while (true)
        {
            if (pos + 8 > bytes.Length) throw new PngFormatException(path, "truncated (no IEND chunk)", pos);
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            if (length > int.MaxValue || pos + 12 + (long)length > bytes.Length) throw new PngFormatException(path, $"truncated chunk '{type}'", pos);
            var data = bytes.AsSpan(pos + 8, (int)length);
            if (type == "IHDR")
            {
                if (length != 13) throw new PngFormatException(path, "malformed IHDR", pos);
                var w = BinaryPrimitives.ReadUInt32BigEndian(data);
                var h = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                if (!ImageSize.IsAcceptable(w, h)) throw new PngFormatException(path, $"image size {w}×{h} is not acceptable", pos + 8);
                width = (int)w; height = (int)h;
                if (data[8] != 16) throw new PngFormatException(path, $"expected a 16-bit depth PNG, found {data[8]} bits per sample", pos + 16);
                channels = data[9] switch
                {
                    0 => 1,
                    2 => 3,
                    4 => 2,
                    6 => 4,
                    _ => throw new PngFormatException(path, $"unsupported PNG colour type {data[9]}", pos + 17),
                };
                if (data[12] != 0) throw new PngFormatException(path, "interlaced PNGs are not supported", pos + 20);
                sawHeader = true;
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            pos += 12 + (int)length;
        }
        if (!sawHeader) throw new PngFormatException(path, "no IHDR chunk", 8);
        var bpp = 2 * channels;
        var rowBytes = width * bpp;
        var raw = new byte[(long)(rowBytes + 1) * height];
        try
        {
            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            z.ReadExactly(raw);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new PngFormatException(path, "corrupt or truncated image data: " + e.Message, null, e);
        }
        var prev = new byte[rowBytes];
        var cur = new byte[rowBytes];
        var samples = new ushort[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (rowBytes + 1), rowBytes + 1);
            Unfilter(row[0], row[1..], cur, prev, bpp, path);
            for (var x = 0; x < width; x++) samples[y * width + x] = BinaryPrimitives.ReadUInt16BigEndian(cur.AsSpan(x * bpp));
            (prev, cur) = (cur, prev);
        }
        return new RawDepthImage(width, height, samples);
    }

    private static void Unfilter(byte filter, ReadOnlySpan<byte> src, byte[] cur, byte[] prev, int bpp, string path)
    {
        for (var i = 0; i < src.Length; i++)
        {
            int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
            cur[i] = filter switch
            {
                0 => src[i],
                1 => (byte)(src[i] + a),
                2 => (byte)(src[i] + b),
                3 => (byte)(src[i] + ((a + b) >> 1)),
                4 => (byte)(src[i] + Paeth(a, b, c)),
                _ => throw new PngFormatException(path, $"unknown row filter {filter}"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
