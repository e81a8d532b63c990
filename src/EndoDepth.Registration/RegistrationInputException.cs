using EndoDepth.IO;

namespace EndoDepth.Registration;

/// <summary>
/// A registration input is unusable: a camera file of an unsupported model, frames and poses of different counts, a
/// frame not of the camera's size, an initial pose inside tissue. The message names the file (or frame) and the
/// problem.
/// </summary>
public sealed class RegistrationInputException : DataFileException
{
    /// <summary>Creates the exception for a file and a problem.</summary>
    public RegistrationInputException(string filePath, string problem, Exception? inner = null)
        : base(filePath, problem, null, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public RegistrationInputException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public RegistrationInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public RegistrationInputException(string message, Exception inner) : base(message, inner) { }
}
