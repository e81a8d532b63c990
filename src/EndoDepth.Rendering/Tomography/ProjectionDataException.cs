using EndoDepth.IO;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// Projection data cannot be reconstructed: its shape does not match the scan geometry, or it holds NaN or infinite
/// values. The message names the file (or "(memory)") and the problem.
/// </summary>
public sealed class ProjectionDataException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public ProjectionDataException(string filePath, string problem, Exception? inner = null)
        : base(filePath, problem, null, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public ProjectionDataException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public ProjectionDataException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public ProjectionDataException(string message, Exception inner) : base(message, inner) { }
}
