namespace EndoDepth.IO.Dicom;

/// <summary>A file skipped on request, and why.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">The error message.</param>
public sealed record DicomSkippedFile(string Path, string Reason);
