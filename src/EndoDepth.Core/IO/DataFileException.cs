namespace EndoDepth.IO;

/// <summary>
/// A file could not be read because its content is malformed, truncated or unsupported. The message names the file
/// and the problem; <see cref="Offset"/> is the byte offset where it was found, when known.
/// Format-specific readers throw subclasses (<c>NpyFormatException</c>, <c>PngFormatException</c>, …).
/// </summary>
public class DataFileException : IOException
{
    /// <summary>The file concerned (or a description such as "(stream)").</summary>
    public string FilePath { get; }

    /// <summary>The byte offset where the problem was found, when known.</summary>
    public long? Offset { get; }

    /// <summary>Creates the exception with a message of the form "FILE: PROBLEM (at byte N)".</summary>
    public DataFileException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base(Format(filePath, problem, offset), inner)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public DataFileException() : this("(unknown)", "invalid data") { }

    /// <summary>Creates the exception with a bare message.</summary>
    public DataFileException(string message) : this("(unknown)", message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public DataFileException(string message, Exception inner) : this("(unknown)", message, null, inner) { }

    private static string Format(string path, string problem, long? offset) =>
        offset is { } o ? $"{path}: {problem} (at byte {o})" : $"{path}: {problem}";
}
