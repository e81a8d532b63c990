namespace EndoDepth.Volumes;

/// <summary>
/// A reader that turns a path (a DICOM series folder, a NIfTI file, …) into a <see cref="CtVolume"/>. This seam lets
/// a different implementation (for example a fo-dicom adapter) replace EndoDepth's own readers.
/// </summary>
public interface IVolumeSource
{
    /// <summary>
    /// True when this source recognises <paramref name="path"/> (by extension, folder content or magic bytes).
    /// </summary>
    bool CanRead(string path);

    /// <summary>Reads the volume at <paramref name="path"/>.</summary>
    /// <param name="path">File or folder.</param>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <exception cref="IO.DataFileException">The data is malformed or unsupported; the message names the
    /// file.</exception>
    CtVolume Read(string path, CancellationToken cancellationToken = default);
}
