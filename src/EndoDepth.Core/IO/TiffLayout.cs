using System.Buffers.Binary;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// The first image file directory of a TIFF (TIFF 6.0 §2), checked before any pixel is decoded: the byte-order header,
/// an IFD and every value it points to inside the file, an acceptable size, one unsigned 16-bit sample per pixel
/// (depth maps: signed and floating-point samples are refused), black-is-zero, strips (not tiles) inside the file, a
/// compression ImageSharp reads, and compressed strips that can hold the declared samples — so a crafted file cannot
/// make a decoder allocate what its data cannot fill.
/// </summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Compression">1 none, 5 LZW, 8 or 32946 Deflate, 32773 PackBits.</param>
internal sealed record TiffLayout(int Width, int Height, int Compression)
{
    private const ushort ImageWidth = 256, ImageLength = 257, BitsPerSample = 258, CompressionTag = 259,
        Photometric = 262, StripOffsets = 273, SamplesPerPixel = 277, RowsPerStrip = 278, StripByteCounts = 279, PlanarConfig = 284,
        TileWidth = 322, SampleFormat = 339;

    /// <summary>True when the bytes start with a little- or big-endian TIFF header.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> file) => file.Length >= 4 &&
        ((file[0] == 'I' && file[1] == 'I' && file[2] == 42 && file[3] == 0) ||
         (file[0] == 'M' && file[1] == 'M' && file[2] == 0 && file[3] == 42));

    /// <summary>Walks the header and the first IFD; <paramref name="name"/> names the source in errors.</summary>
    /// <exception cref="ImageFormatException">The structure is broken, truncated, hostile or not a 16-bit depth map.
    /// </exception>
    public static TiffLayout Read(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < 8) throw new ImageFormatException(name, "truncated: shorter than a TIFF header", 0);
        if (!HasSignature(file)) throw new ImageFormatException(name, "not a TIFF file (bad byte-order header)", 0);
        var big = file[0] == 'M';
        uint U32(ReadOnlySpan<byte> f, int at) =>
            big ? BinaryPrimitives.ReadUInt32BigEndian(f[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(f[at..]);
        ushort U16(ReadOnlySpan<byte> f, int at) =>
            big ? BinaryPrimitives.ReadUInt16BigEndian(f[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(f[at..]);

        var ifd = U32(file, 4);
        if (ifd < 8 || ifd > file.Length - 2L)
            throw new ImageFormatException(name, $"truncated: the first IFD at byte {ifd} lies outside the file", 4);
        int at = (int)ifd, count = U16(file, at);
        if (at + 2L + 12L * count + 4 > file.Length)
            throw new ImageFormatException(name, $"truncated: the IFD's {count} entries run past the end", at);
        var values = new Dictionary<ushort, long[]>();
        for (var i = 0; i < count; i++)
        {
            var e = at + 2 + 12 * i;
            ushort tag = U16(file, e), type = U16(file, e + 2);
            var n = U32(file, e + 4);
            var size = type switch { 3 => 2, 4 => 4, 1 or 2 or 6 or 7 => 1, 8 => 2, 9 or 11 => 4, _ => 8 };
            if (n > int.MaxValue / 8 || (long)size * n > file.Length)
                throw new ImageFormatException(name, $"tag {tag} declares {n} values, more than the file holds", e);
            long bytes = (long)size * n, where = bytes <= 4 ? e + 8 : U32(file, e + 8);
            if (where + bytes > file.Length)
                throw new ImageFormatException(name, $"truncated: the values of tag {tag} lie past the end", e);
            if (!IsRead(tag)) continue;
            // ImageSharp may take another copy of a repeated tag than this walk (fuzzing: a second, smaller width).
            if (values.ContainsKey(tag)) throw new ImageFormatException(name, $"tag {tag} appears twice in the IFD", e);
            if (type is not (3 or 4))
                throw new ImageFormatException(name, $"tag {tag} has type {type}, not SHORT or LONG", e);
            // A count of 0 leaves the walk without a value while ImageSharp still reads the entry's value field
            // (fuzzing: rows per strip with count 0 and 2^26 in the field, seconds per 204-byte file); the scalar
            // tags hold exactly one value.
            if (n == 0 || (n != 1 && tag is not (StripOffsets or StripByteCounts)))
                throw new ImageFormatException(name, $"tag {tag} declares {n} values, expected " +
                    (tag is StripOffsets or StripByteCounts ? "one per strip" : "one"), e);
            var v = new long[n];
            for (var k = 0; k < n; k++) v[k] = type == 3 ? U16(file, (int)where + 2 * k) : U32(file, (int)where + 4 * k);
            values[tag] = v;
        }

        long One(ushort tag, long fallback) => values.TryGetValue(tag, out var v) && v.Length > 0 ? v[0] : fallback;
        long width = One(ImageWidth, -1), height = One(ImageLength, -1);
        if (width < 0 || height < 0) throw new ImageFormatException(name, "the TIFF lacks its width or height tag", at);
        if (!ImageSize.IsAcceptable(width, height))
            throw new ImageFormatException(name, $"image size {width}×{height} is not acceptable", at);
        var format = One(SampleFormat, 1);
        if (format != 1)
            throw new ImageFormatException(name, $"expected unsigned 16-bit depth samples, found sample format " +
                $"{(format switch { 2 => "INT", 3 => "IEEEFP", _ => format.ToString(System.Globalization.CultureInfo.InvariantCulture) })} (signed or " +
                "floating-point depth is not C3VD's encoding)", at);
        var bits = One(BitsPerSample, 1);
        if (bits != 16) throw new ImageFormatException(name, $"expected a 16-bit depth TIFF, found {bits} bits per sample", at);
        if (One(SamplesPerPixel, 1) != 1)
            throw new ImageFormatException(name, $"expected one sample per pixel, found {One(SamplesPerPixel, 1)}", at);
        if (One(Photometric, 1) != 1)
            throw new ImageFormatException(name, $"expected black-is-zero grey samples, found photometric " +
                $"interpretation {One(Photometric, 1)}", at);
        if (values.ContainsKey(TileWidth)) throw new ImageFormatException(name, "tiled TIFFs are not read (expected strips)", at);
        if (One(PlanarConfig, 1) != 1) throw new ImageFormatException(name, "planar TIFFs are not read", at);
        var compression = (int)One(CompressionTag, 1);
        // The most output one byte of each compression can produce: none 1, PackBits 128 bytes from 2 (64),
        // Deflate 1032 (RFC 1951: a 258-byte match costs at least 2 bits), LZW 4096-byte strings from 9-bit codes.
        var ratio = compression switch { 1 => 1L, 32773 => 64L, 8 or 32946 => 1032L, 5 => 3641L,
            _ => throw new ImageFormatException(name, $"TIFF compression {compression} is not read (none, LZW, Deflate " +
                "or PackBits)", at) };
        if (!values.TryGetValue(StripOffsets, out var offsets) || !values.TryGetValue(StripByteCounts, out var counts)
            || offsets.Length != counts.Length || offsets.Length == 0)
            throw new ImageFormatException(name, "the TIFF's strip offsets and byte counts are missing or disagree", at);
        // ImageSharp sizes its strip buffer by RowsPerStrip, not by the image: a value beyond the height would make it
        // allocate what no strip holds (fuzzing found 2^26 rows per strip over a 7×5 image).
        var rowsPerStrip = One(RowsPerStrip, height);
        if (rowsPerStrip < 1 || rowsPerStrip > height || (height + rowsPerStrip - 1) / rowsPerStrip != offsets.Length)
            throw new ImageFormatException(name, $"{rowsPerStrip} rows per strip do not divide {height} rows into " +
                $"its {offsets.Length} strips", at);
        long stored = 0;
        for (var s = 0; s < offsets.Length; s++)
        {
            if (offsets[s] + counts[s] > file.Length)
                throw new ImageFormatException(name, $"truncated: strip {s} ({counts[s]} bytes at byte {offsets[s]}) " +
                    "runs past the end of the file", at);
            stored += counts[s];
        }
        var declared = width * height * 2;
        if (declared > ratio * stored + 1024)
            throw new ImageFormatException(name, $"its {stored} bytes of strips cannot hold the declared " +
                $"{width}×{height} 16-bit samples ({declared} bytes)");
        return new TiffLayout((int)width, (int)height, compression);
    }

    private static bool IsRead(ushort tag) => tag is ImageWidth or ImageLength or BitsPerSample or CompressionTag
        or Photometric or StripOffsets or SamplesPerPixel or RowsPerStrip or StripByteCounts or PlanarConfig or TileWidth or SampleFormat;
}
