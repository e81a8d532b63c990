namespace EndoDepth.IO;

/// <summary>An image file (PNG, JPEG) is malformed, truncated, of an unacceptable size or of an unsupported kind.
/// <see cref="PngFormatException"/> is the PNG-specific case.</summary>
public class ImageFormatException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public ImageFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base(filePath, problem, offset, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public ImageFormatException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public ImageFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public ImageFormatException(string message, Exception inner) : base(message, inner) { }
}
