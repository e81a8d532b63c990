namespace EndoDepth.IO.Dicom;

/// <summary>
/// Single DICOM Part 10 files: header information and slices (one, or one per frame of a multi-frame file). Reads
/// implicit VR little endian, explicit VR little and big endian and deflated explicit VR little endian; other
/// transfer syntaxes raise <see cref="DicomTransferSyntaxNotSupportedException"/>.
/// Files without a preamble and meta group are read as toolkits do (explicit or implicit VR little endian, guessed
/// from the first element).
/// </summary>
public static class DicomFile
{
    /// <summary>Reads the header of <paramref name="path"/> up to its pixel data.</summary>
    /// <exception cref="DicomFormatException">Not DICOM, malformed, truncated, or an unknown transfer
    /// syntax.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static DicomImageInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DicomImageInfo.From(DicomParser.Parse(path));
    }

    /// <summary>The slices of <paramref name="path"/>: one, or one per frame of a multi-frame file.</summary>
    /// <exception cref="DicomFormatException">Not DICOM, malformed, truncated, or an unknown transfer
    /// syntax.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static IReadOnlyList<DicomSlice> ReadSlices(string path) => DicomSlice.Of(ReadInfo(path)).ToList();

    /// <summary>
    /// The slices of a DICOM file held in a stream (seekable, positioned at the file's start), and how to open the
    /// stream that holds their pixel data; the stream is read, never disposed.
    /// </summary>
    internal static (IReadOnlyList<DicomSlice> Slices, Func<DicomImageInfo, Stream> OpenPixels) ReadSlices(
        Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        if (!stream.CanSeek) throw new ArgumentException("The stream must be seekable.", nameof(stream));
        var start = stream.Position;
        using var view = new SubStream(stream, start);
        var info = DicomImageInfo.From(DicomParser.Parse(view, name));
        Stream OpenPixels(DicomImageInfo i) => i.TransferSyntax.Deflated
            ? DicomParser.InflatePixels(new SubStream(stream, start), i, ownsSource: true)
            : new SubStream(stream, start);
        return (DicomSlice.Of(info).ToList(), OpenPixels);
    }

    /// <summary>
    /// True when <paramref name="path"/> starts like a DICOM file ("DICM" at byte 128, or a .dcm name).
    /// </summary>
    public static bool LooksLikeDicom(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".dicom", StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 256);
            if (fs.Length < 132) return false;
            Span<byte> b = stackalloc byte[132];
            fs.ReadExactly(b);
            return b[128..].SequenceEqual("DICM"u8);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
