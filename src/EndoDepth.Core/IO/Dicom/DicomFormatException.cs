namespace EndoDepth.IO.Dicom;

/// <summary>
/// A DICOM file or series is malformed, truncated, inconsistent or unsupported. The message names the file (or the
/// files) and the problem; <see cref="DataFileException.Offset"/> is the byte offset, when known.
/// </summary>
public class DicomFormatException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public DicomFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base(filePath, problem, offset, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public DicomFormatException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public DicomFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public DicomFormatException(string message, Exception inner) : base(message, inner) { }
}
