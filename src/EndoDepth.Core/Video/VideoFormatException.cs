using EndoDepth.IO;

namespace EndoDepth.Video;

/// <summary>A video file cannot be opened or decoded, or its frames change size part-way.</summary>
public class VideoFormatException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public VideoFormatException(string filePath, string problem, Exception? inner = null)
        : base(filePath, problem, null, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public VideoFormatException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public VideoFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public VideoFormatException(string message, Exception inner) : base(message, inner) { }
}
