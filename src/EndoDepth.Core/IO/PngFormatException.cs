namespace EndoDepth.IO;

/// <summary>A PNG file is malformed, truncated or of an unsupported kind.</summary>
public sealed class PngFormatException : ImageFormatException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public PngFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base(filePath, problem, offset, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public PngFormatException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public PngFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public PngFormatException(string message, Exception inner) : base(message, inner) { }
}
