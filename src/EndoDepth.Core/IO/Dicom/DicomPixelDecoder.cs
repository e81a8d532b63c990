using System.Buffers.Binary;

namespace EndoDepth.IO.Dicom;

/// <summary>
/// Native (uncompressed) grayscale pixel data → Hounsfield units (PS3.3 C.7.6.3, C.11.1): 8- or 16-bit samples, the
/// Bits Stored field at High Bit, two's-complement sign extension when Pixel Representation is 1, then the modality
/// LUT hu = stored·slope + intercept. MONOCHROME1 and MONOCHROME2 give the same HU: the photometric interpretation
/// only says how to display them.
/// </summary>
internal static class DicomPixelDecoder
{
    /// <summary>Most voxels one file may hold: its frames are read into one array.</summary>
    private const long MaxVoxels = int.MaxValue;

    /// <summary>Throws unless EndoDepth can decode the file's pixel data (checked before any allocation).</summary>
    public static void Validate(DicomImageInfo info)
    {
        var f = info.Path;
        if (!info.TransferSyntax.PixelsSupported)
            throw new DicomTransferSyntaxNotSupportedException(f, info.TransferSyntax);
        if (!info.HasPixelData || info.Pixel is null)
            throw new DicomFormatException(f, "no Pixel Data (7FE0,0010): not an image");
        if (info.Pixel.Length < 0) throw new DicomFormatException(f,
            $"encapsulated Pixel Data in the native transfer syntax {info.TransferSyntax.Uid}", info.Pixel.Offset);
        if (info.Rows < 1 || info.Columns < 1) throw new DicomFormatException(f,
            $"image size {info.Columns}×{info.Rows} (Columns×Rows) is empty or missing");
        if (info.SamplesPerPixel != 1) throw new DicomFormatException(f,
            $"Samples per Pixel is {info.SamplesPerPixel}: only grayscale (1) CT images are supported");
        if (info.PhotometricInterpretation is not ("MONOCHROME1" or "MONOCHROME2"))
            throw new DicomFormatException(f,
                $"Photometric Interpretation {info.PhotometricInterpretation} is not supported (MONOCHROME1 " +
                $"or MONOCHROME2)");
        if (info.BitsAllocated is not (8 or 16)) throw new DicomFormatException(f,
            $"Bits Allocated {info.BitsAllocated} is not supported (8 or 16)");
        if (info.BitsStored < 1 || info.BitsStored > info.BitsAllocated
            || info.HighBit < info.BitsStored - 1 || info.HighBit >= info.BitsAllocated)
            throw new DicomFormatException(f,
                $"Bits Stored {info.BitsStored} / High Bit {info.HighBit} do not fit Bits Allocated " +
                $"{info.BitsAllocated}");
        if (info.PixelRepresentation is not (0 or 1)) throw new DicomFormatException(f,
            $"Pixel Representation {info.PixelRepresentation} is not 0 or 1");
        var voxels = (long)info.Rows * info.Columns * info.Frames;
        if (voxels > MaxVoxels)
            throw new DicomFormatException(f,
                $"{info.Frames} frames of {info.Columns}×{info.Rows} exceed {MaxVoxels} voxels");
        if (info.Pixel.Length < info.FrameBytes * info.Frames)
            throw new DicomFormatException(f,
                $"Pixel Data holds {info.Pixel.Length} bytes; {info.Frames} frame(s) of " +
                $"{info.Columns}×{info.Rows}×{info.BitsAllocated} bits need " +
                $"{info.FrameBytes * info.Frames}", info.Pixel.Offset);
        for (var k = 0; k < info.Frames; k++)
        {
            var (slope, intercept) = info.RescaleOf(k);
            if (!double.IsFinite(slope) || !double.IsFinite(intercept) || slope == 0)
                throw new DicomFormatException(f,
                    $"Rescale Slope/Intercept {slope}/{intercept} of frame {k + 1} are not usable");
        }
    }

    /// <summary>Opens the stream that holds the pixel data (the file, or its inflated data set).</summary>
    public static Stream OpenPixelStream(DicomImageInfo info)
    {
        var fs = new FileStream(info.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (!info.TransferSyntax.Deflated) return fs;
        try { return DicomParser.InflatePixels(fs, info, ownsSource: true); }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads frame <paramref name="frame"/> from <paramref name="s"/> into <paramref name="raw"/> as stored values and
    /// returns the frame's modality LUT (hu = stored·slope + intercept).
    /// </summary>
    public static (double Slope, double Intercept) DecodeFrame(DicomImageInfo info, Stream s, int frame, byte[] buffer,
        Span<int> raw)
    {
        var n = info.Rows * info.Columns;
        var bytes = (int)info.FrameBytes;
        var at = info.Pixel!.Offset + frame * info.FrameBytes;
        if (s.Position != at) s.Position = at;
        var got = s.ReadAtLeast(buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
        if (got < bytes) throw new DicomFormatException(info.Path,
            $"truncated: frame {frame} needs {bytes} bytes, {got} left", at + got);
        Unpack(info, buffer.AsSpan(0, bytes), raw[..n]);
        return info.RescaleOf(frame);
    }

    /// <summary>Stored values: extract Bits Stored at High Bit and sign-extend when signed.</summary>
    internal static void Unpack(DicomImageInfo info, ReadOnlySpan<byte> b, Span<int> raw)
    {
        var shift = info.HighBit + 1 - info.BitsStored;
        var bits = info.BitsStored;
        var mask = (1 << bits) - 1;
        var signed = info.PixelRepresentation == 1;
        var signBit = 1 << (bits - 1);
        var be = info.TransferSyntax.BigEndian;
        if (info.BitsAllocated == 16)
        {
            if (!be && shift == 0 && bits == 16)
            {
                // The common CT case: whole 16-bit words.
                if (signed)
                    for (var n = 0; n < raw.Length; n++) raw[n] = BinaryPrimitives.ReadInt16LittleEndian(b[(2 * n)..]);
                else
                    for (var n = 0; n < raw.Length; n++) raw[n] = BinaryPrimitives.ReadUInt16LittleEndian(b[(2 * n)..]);
                return;
            }
            for (var n = 0; n < raw.Length; n++)
            {
                int w = be
                    ? BinaryPrimitives.ReadUInt16BigEndian(b[(2 * n)..])
                    : BinaryPrimitives.ReadUInt16LittleEndian(b[(2 * n)..]);
                var v = (w >> shift) & mask;
                raw[n] = signed && (v & signBit) != 0 ? v - (1 << bits) : v;
            }
            return;
        }
        // 8-bit samples; in explicit VR big endian an OW value is byte-swapped in 16-bit words.
        var swap = be && info.Pixel?.Vr == "OW";
        for (var n = 0; n < raw.Length; n++)
        {
            int w = b[swap && (n ^ 1) < b.Length ? n ^ 1 : n];
            var v = (w >> shift) & mask;
            raw[n] = signed && (v & signBit) != 0 ? v - (1 << bits) : v;
        }
    }
}
