using EndoDepth.IO.Dicom;
using EndoDepth.IO.Nifti;
using EndoDepth.Volumes;

namespace EndoDepth.DicomFuzz;

/// <summary>
/// The code under test: read bytes as a DICOM file (or a NIfTI file). A <see cref="DicomFormatException"/> /
/// <see cref="NiftiFormatException"/> is the expected answer to bad input; any other exception is a finding.
/// </summary>
internal static class FuzzTarget
{
    public static void Dicom(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream(data.ToArray(), writable: false);
        try { DicomVolumeSource.ReadFile(ms, "(fuzz)"); }
        catch (DicomFormatException) { }
    }

    public static void Nifti(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream(data.ToArray(), writable: false);
        try { NiftiFile.Read(ms, "(fuzz)", ms.Length); }
        catch (NiftiFormatException) { }
    }
}
