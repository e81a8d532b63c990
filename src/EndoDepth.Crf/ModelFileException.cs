using EndoDepth.IO;

namespace EndoDepth.Crf;

/// <summary>
/// A model or checkpoint file is not an EndoDepth CNN-CRF file, is damaged, or has another architecture.
/// </summary>
public sealed class ModelFileException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public ModelFileException(string filePath, string problem,
        Exception? inner = null) : base(filePath, problem, null, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public ModelFileException() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public ModelFileException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public ModelFileException(string message, Exception inner) : base(message, inner) { }
}
