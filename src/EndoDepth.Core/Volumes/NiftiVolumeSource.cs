using System.Buffers.Binary;

namespace EndoDepth.Volumes;

/// <summary>EndoDepth's NIfTI-1 reader behind the <see cref="IVolumeSource"/> seam.</summary>
public sealed class NiftiVolumeSource : IVolumeSource
{
    /// <inheritdoc/>
    public bool CanRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return false;
        if (path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
            Span<byte> b = stackalloc byte[4];
            if (fs.ReadAtLeast(b, 4, throwOnEndOfStream: false) < 4) return false;
            return BinaryPrimitives.ReadInt32LittleEndian(b) == 348 || BinaryPrimitives.ReadInt32BigEndian(b) == 348;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <inheritdoc/>
    public CtVolume Read(string path, CancellationToken cancellationToken = default) =>
        NiftiFile.Read(path, cancellationToken);
}
