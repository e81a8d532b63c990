using EndoDepth.IO;
using EndoDepth.IO.Dicom;

namespace EndoDepth.Volumes;

/// <summary>
/// Loads a CT volume from a NIfTI file (<c>.nii</c>, <c>.nii.gz</c>), a DICOM file, or a folder holding a DICOM
/// series, choosing the reader by what the path is: a folder is a DICOM series; a file is NIfTI when its name or its
/// first four bytes (sizeof_hdr = 348) say so, and DICOM otherwise.
/// </summary>
public static class VolumeFiles
{
    /// <summary>
    /// Loads the volume at <paramref name="path"/> (a NIfTI file, a DICOM file, or a folder holding one DICOM series).
    /// </summary>
    /// <exception cref="DataFileException">Unreadable, malformed or unsupported data (the message names the
    /// file).</exception>
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="path"/>.</exception>
    public static CtVolume Load(string path, CancellationToken cancellationToken = default) =>
        Open(path, null, cancellationToken).Volume;

    /// <summary>Loads the volume at <paramref name="path"/> with its format details.</summary>
    /// <param name="path">A NIfTI file, a DICOM file or a DICOM series folder.</param>
    /// <param name="dicomOptions">How folders are read as a series (defaults when null).</param>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <exception cref="DataFileException">Unreadable, malformed or unsupported data (the message names the
    /// file).</exception>
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="path"/>.</exception>
    public static LoadedVolume Open(string path, DicomSeriesOptions? dicomOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dicom = new DicomVolumeSource(dicomOptions);
        if (Directory.Exists(path)) return dicom.ReadWithMetadata(path, cancellationToken);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file or folder", path);
        if (new NiftiVolumeSource().CanRead(path))
            return new LoadedVolume(NiftiFile.Read(path, cancellationToken), "NIfTI-1",
                new Dictionary<string, string>());
        return dicom.ReadWithMetadata(path, cancellationToken);
    }

    /// <summary>
    /// Loads through the first of <paramref name="sources"/> that can read <paramref name="path"/> (the seam for other
    /// readers).
    /// </summary>
    /// <exception cref="DataFileException">No source recognises the path, or the read fails.</exception>
    public static CtVolume Load(string path, IEnumerable<IVolumeSource> sources,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var s in sources)
            if (s.CanRead(path)) return s.Read(path, cancellationToken);
        throw new DataFileException(path,
            "no volume reader recognises this path (expected a NIfTI file, a DICOM file or a DICOM series folder)");
    }
}
