namespace EndoDepth.Volumes;

/// <summary>
/// Loads a CT volume from a NIfTI file (<c>.nii</c>, <c>.nii.gz</c>) or a DICOM series folder, choosing the reader by
/// what the path is. Implemented by the CT volume input issue.
/// </summary>
public static class VolumeFiles
{
    /// <summary>Loads the volume at <paramref name="path"/> (a NIfTI file or a folder holding one DICOM series).</summary>
    /// <exception cref="IO.DataFileException">Unreadable, malformed or unsupported data.</exception>
    public static CtVolume Load(string path, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("Volume loading is implemented by the CT volume input issue.");
}
