using EndoDepth.Volumes;

namespace EndoDepth.IO.Nifti;

/// <summary>NIfTI-1 volumes (<c>.nii</c> and <c>.nii.gz</c>). Implemented by the CT volume input issue.</summary>
public static class NiftiFile
{
    /// <summary>Writes <paramref name="volume"/> as NIfTI-1 (gzip when the path ends in .gz), atomically.</summary>
    public static void Write(string path, CtVolume volume) =>
        throw new NotImplementedException("NIfTI writing is implemented by the CT volume input issue.");

    /// <summary>Reads a NIfTI-1 file.</summary>
    /// <exception cref="DataFileException">Malformed or unsupported.</exception>
    public static CtVolume Read(string path, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("NIfTI reading is implemented by the CT volume input issue.");
}
