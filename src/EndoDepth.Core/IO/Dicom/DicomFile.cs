using EndoDepth.Volumes;

namespace EndoDepth.IO.Dicom;

/// <summary>
/// Single DICOM Part 10 files: header information, and the pixel data of one file (a slice, or a multi-frame
/// volume) as a <see cref="CtVolume"/>. Reads implicit VR little endian, explicit VR little and big endian and
/// deflated explicit VR little endian; other transfer syntaxes raise <see cref="DicomTransferSyntaxNotSupportedException"/>.
/// Files without a preamble and meta group are read as toolkits do (explicit or implicit VR little endian, guessed
/// from the first element).
/// </summary>
public static class DicomFile
{
    /// <summary>Reads the header of <paramref name="path"/> up to its pixel data.</summary>
    /// <exception cref="DicomFormatException">Not DICOM, malformed, truncated, or an unknown transfer syntax.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static DicomImageInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DicomImageInfo.From(DicomParser.Parse(path));
    }

    /// <summary>Reads one file's pixel data as a volume (its frames are the slices, ordered along the normal).</summary>
    /// <exception cref="DicomFormatException">Malformed, unsupported or inconsistent.</exception>
    public static CtVolume Read(string path, CancellationToken cancellationToken = default) =>
        DicomVolumeAssembler.Assemble([ReadInfo(path)], new DicomSeriesOptions(), null, cancellationToken).Volume;

    /// <summary>Reads a DICOM file held in a stream (seekable, positioned at the file's start) as a volume.</summary>
    /// <param name="stream">The file's bytes; it is read, not disposed.</param>
    /// <param name="name">Names the data in error messages.</param>
    /// <param name="cancellationToken">Cancels between frames.</param>
    /// <exception cref="DicomFormatException">Malformed, unsupported or inconsistent.</exception>
    public static CtVolume Read(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        if (!stream.CanSeek) throw new ArgumentException("The stream must be seekable.", nameof(stream));
        var start = stream.Position;
        using var view = new SubStream(stream, start);
        var info = DicomImageInfo.From(DicomParser.Parse(view, name));
        return DicomVolumeAssembler.Assemble([info], new DicomSeriesOptions(), null, cancellationToken,
            i => i.TransferSyntax.Deflated ? DicomParser.InflateDataset(view, name, i.DatasetStart) : new SubStream(stream, start)).Volume;
    }

    /// <summary>True when <paramref name="path"/> starts like a DICOM file ("DICM" at byte 128, or a .dcm name).</summary>
    public static bool LooksLikeDicom(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".dicom", StringComparison.OrdinalIgnoreCase)) return true;
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
