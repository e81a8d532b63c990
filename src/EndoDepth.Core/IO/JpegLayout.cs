using System.Buffers.Binary;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// The marker structure of a JPEG file (ITU-T T.81 Annex B), checked before any pixel is decoded: SOI, then marker
/// segments whose declared lengths lie inside the file, one Huffman-coded baseline, extended or progressive frame header
/// (SOF0–SOF2) with an acceptable size before the first scan, entropy-coded data after each scan header, enough of it
/// for the declared size, and EOI. A file that stops early, or a segment that points
/// past the end, is refused here, so no decoder ever waits on bytes that are not there.
/// </summary>
/// <param name="Width">Samples per line.</param>
/// <param name="Height">Lines (a height defined later by a DNL marker is refused).</param>
/// <param name="Components">Colour components in the frame (1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK).</param>
internal sealed record JpegLayout(int Width, int Height, int Components)
{
    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Tem = 0x01;

    /// <summary>True when the bytes start with SOI followed by a marker.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> file) =>
        file.Length >= 3 && file[0] == 0xFF && file[1] == Soi && file[2] == 0xFF;

    /// <summary>Walks the markers; <paramref name="name"/> names the source in errors.</summary>
    /// <exception cref="ImageFormatException">The structure is broken, truncated or unsupported.</exception>
    public static JpegLayout Read(ReadOnlySpan<byte> file, string name)
    {
        if (!HasSignature(file)) throw new ImageFormatException(name, "not a JPEG file (no start-of-image marker)", 0);
        JpegLayout? frame = null;
        var scans = 0;
        long entropyBytes = 0;
        var bitsPerBlock = 0;
        var pos = 2;
        while (true)
        {
            if (pos >= file.Length || file[pos] != 0xFF)
                throw pos >= file.Length
                    ? new ImageFormatException(name, "truncated: file ends before the end-of-image marker", pos)
                    : new ImageFormatException(name, $"expected a marker, found byte 0x{file[pos]:X2}", pos);
            var at = pos;
            while (pos < file.Length && file[pos] == 0xFF) pos++; // fill bytes (B.1.1.2)
            if (pos >= file.Length)
                throw new ImageFormatException(name, "truncated: file ends before the end-of-image marker", at);
            var marker = file[pos++];
            if (marker == Eoi) break;
            if (marker is Tem or >= 0xD0 and <= 0xD7) continue; // standalone markers carry no length
            if (marker is 0x00 or Soi) throw new ImageFormatException(name, $"unexpected marker 0xFF{marker:X2}", at);
            if (file.Length - pos < 2)
                throw new ImageFormatException(name, $"truncated: segment 0xFF{marker:X2} has no length", at);
            int length = BinaryPrimitives.ReadUInt16BigEndian(file[pos..]);
            if (length < 2 || length > file.Length - pos)
                throw new ImageFormatException(name,
                    $"truncated: segment 0xFF{marker:X2} declares {length} bytes, {file.Length - pos} remain", at);
            var segment = file.Slice(pos + 2, length - 2);
            pos += length;
            if (IsFrameHeader(marker))
            {
                if (frame is not null) throw new ImageFormatException(name, "a second frame header", at);
                if (marker is not (0xC0 or 0xC1 or 0xC2))
                    throw new ImageFormatException(name, $"frame type 0xFF{marker:X2} is not supported (only " +
                        "Huffman-coded baseline, extended and progressive JPEG are read)", at);
                frame = Frame(segment, name, at);
                bitsPerBlock = marker == 0xC2 ? 1 : 2;
            }
            else if (marker == Sos)
            {
                if (frame is null) throw new ImageFormatException(name, "a scan before the frame header", at);
                scans++;
                var dataEnd = EndOfEntropyCodedData(file, pos, name);
                entropyBytes += dataEnd - pos;
                pos = dataEnd;
            }
        }
        if (frame is null || scans == 0)
            throw new ImageFormatException(name, frame is null ? "no frame header (SOF)" : "no scan (SOS)");
        // Every 8×8 block of the full-resolution component costs at least 2 bits in a sequential frame (a DC code and
        // an end-of-block code) and at least 1 bit in a progressive one (its DC first scan, G.1.2.1, codes every
        // block), so scan data too short for the declared size is refused before any decoder allocates the pixels
        // it claims.
        var blocks = (long)((frame.Width + 7) / 8) * ((frame.Height + 7) / 8);
        if (blocks * bitsPerBlock > 8 * entropyBytes + 512)
            throw new ImageFormatException(name, $"its {entropyBytes} bytes of scan data cannot hold the declared " +
                $"{frame.Width}×{frame.Height} samples");
        return frame;
    }

    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsFrameHeader(byte m) => m is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static JpegLayout Frame(ReadOnlySpan<byte> s, string name, int at)
    {
        if (s.Length < 6) throw new ImageFormatException(name, "frame header too short", at);
        int height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]), width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
        int components = s[5];
        if (height == 0) throw new ImageFormatException(name, "height defined later (DNL) is not supported", at);
        if (!ImageSize.IsAcceptable(width, height))
            throw new ImageFormatException(name, $"image size {width}×{height} is not acceptable", at);
        if (components is < 1 or > 4 || s.Length != 6 + 3 * components)
            throw new ImageFormatException(name, $"frame header with {components} components is malformed", at);
        return new JpegLayout(width, height, components);
    }

    /// <summary>The position of the first marker after entropy-coded data: 0xFF followed by neither 0x00 (a stuffed
    /// byte) nor a restart marker (B.1.1.5).</summary>
    private static int EndOfEntropyCodedData(ReadOnlySpan<byte> file, int pos, string name)
    {
        while (true)
        {
            var next = file[pos..].IndexOf((byte)0xFF);
            if (next < 0 || pos + next + 1 >= file.Length)
                throw new ImageFormatException(name, "truncated: scan data runs to the end of the file", pos);
            pos += next;
            var b = file[pos + 1];
            if (b != 0x00 && b is not (>= 0xD0 and <= 0xD7) && b != 0xFF) return pos;
            pos += b == 0xFF ? 1 : 2;
        }
    }
}
