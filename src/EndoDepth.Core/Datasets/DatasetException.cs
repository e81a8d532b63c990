using EndoDepth.IO;

namespace EndoDepth.Datasets;

/// <summary>A dataset folder or its manifest is missing, malformed or inconsistent.</summary>
public sealed class DatasetException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem (and the 1-based manifest line, when known).</summary>
    public DatasetException(string filePath, string problem, int? line = null, Exception? inner = null)
        : base(filePath, line is { } l ? $"line {l}: {problem}" : problem, null, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public DatasetException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public DatasetException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public DatasetException(string message, Exception inner) : base(message, inner) { }
}
