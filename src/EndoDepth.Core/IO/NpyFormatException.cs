namespace EndoDepth.IO;

/// <summary>A NumPy .npy file is malformed, truncated or of an unsupported dtype.</summary>
public sealed class NpyFormatException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public NpyFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base(filePath, problem, offset, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public NpyFormatException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public NpyFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public NpyFormatException(string message, Exception inner) : base(message, inner) { }
}
