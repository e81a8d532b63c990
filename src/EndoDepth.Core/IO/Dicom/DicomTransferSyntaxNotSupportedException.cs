namespace EndoDepth.IO.Dicom;

/// <summary>
/// The file's transfer syntax (JPEG, JPEG-LS, JPEG 2000, RLE, video, …) is not one EndoDepth decodes. The message
/// names the UID and its name; the inner exception is a <see cref="NotSupportedException"/> so callers that catch
/// either kind see it. Pixels are never decoded from such a file.
/// </summary>
public sealed class DicomTransferSyntaxNotSupportedException : DicomFormatException
{
    /// <summary>The transfer syntax.</summary>
    public DicomTransferSyntax? TransferSyntax { get; }

    /// <summary>Creates the exception for a file and its unsupported transfer syntax.</summary>
    public DicomTransferSyntaxNotSupportedException(string filePath, DicomTransferSyntax transferSyntax)
        : base(filePath, Describe(transferSyntax), null, new NotSupportedException(Describe(transferSyntax)))
    {
        TransferSyntax = transferSyntax;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public DicomTransferSyntaxNotSupportedException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public DicomTransferSyntaxNotSupportedException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public DicomTransferSyntaxNotSupportedException(string message, Exception inner) : base(message, inner) { }

    private static string Describe(DicomTransferSyntax ts)
    {
        ArgumentNullException.ThrowIfNull(ts);
        return $"transfer syntax {ts.Uid} ({ts.Name}) is not supported; EndoDepth reads implicit VR little endian, "
             + "explicit VR little/big endian and deflated explicit VR little endian "
             + "(convert with e.g. dcmtk's dcmdjpeg or gdcmconv --raw)";
    }
}
