using EndoDepth.IO;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// A scan geometry file (<c>geometry.json</c>) is malformed: unknown, missing or non-finite fields, or values that do
/// not describe a scan. The message names the file and the field (<see cref="Field"/>).
/// </summary>
public sealed class ScanGeometryException : DataFileException
{
    /// <summary>The offending JSON field, when one is to blame.</summary>
    public string? Field { get; }

    /// <summary>Creates the exception for a file, a field and a problem ("FILE: field 'F': PROBLEM").</summary>
    public ScanGeometryException(string filePath, string? field, string problem, Exception? inner = null)
        : base(filePath, field is null ? problem : $"field '{field}': {problem}", null, inner)
    {
        Field = field;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public ScanGeometryException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public ScanGeometryException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public ScanGeometryException(string message, Exception inner) : base(message, inner) { }
}
