using EndoDepth.IO;

namespace EndoDepth.Geometry.Calibration;

/// <summary>
/// A camera calibration file is malformed: unknown model, a missing, unknown or non-finite field, or a lens polynomial
/// that is not invertible over the image. The message names the file and the field.
/// </summary>
public sealed class CameraCalibrationException : DataFileException
{
    /// <summary>The field at fault (e.g. "k2", "model"), when one is.</summary>
    public string? Field { get; }

    /// <summary>Creates the exception for a file, a field and a problem.</summary>
    public CameraCalibrationException(string filePath, string? field, string problem, Exception? inner = null)
        : base(filePath, field is null ? problem : $"field '{field}': {problem}", null, inner) => Field = field;

    /// <summary>Creates the exception with a bare message.</summary>
    public CameraCalibrationException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public CameraCalibrationException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public CameraCalibrationException(string message, Exception inner) : base(message, inner) { }
}
