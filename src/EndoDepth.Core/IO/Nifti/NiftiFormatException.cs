namespace EndoDepth.IO.Nifti;

/// <summary>A NIfTI-1 file is malformed, truncated or uses an unsupported datatype or layout.</summary>
public sealed class NiftiFormatException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public NiftiFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base(filePath, problem, offset, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public NiftiFormatException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public NiftiFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public NiftiFormatException(string message, Exception inner) : base(message, inner) { }
}
