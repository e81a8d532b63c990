using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// Depth map files by extension: <c>.npy</c> (float32 mm, 0 = invalid; <see cref="NpyFile"/>) or <c>.png</c>
/// (16-bit grey at <see cref="DepthPng.DefaultMillimetresPerUnit"/>; <see cref="DepthPng"/>).
/// </summary>
public static class DepthFile
{
    /// <summary>The extensions recognised as depth maps.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".npy", ".png"];

    /// <summary>True when <paramref name="path"/> has a depth-map extension.</summary>
    public static bool IsDepthFile(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads a depth map (.npy or 16-bit .png).</summary>
    /// <exception cref="DataFileException">Malformed file or unknown extension.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static DepthMap Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".NPY" => NpyFile.ReadDepth(path),
            ".PNG" => DepthPng.Read(path),
            _ => throw new DataFileException(path, "not a depth map file (expected .npy or 16-bit .png)"),
        };
    }

    /// <summary>
    /// Reads a depth map (.npy or 16-bit .png) asynchronously: the bytes are read without blocking, then decoded.
    /// </summary>
    /// <exception cref="DataFileException">Malformed file or unknown extension.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<DepthMap> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ext = Path.GetExtension(path).ToUpperInvariant();
        if (ext is not (".NPY" or ".PNG")) throw new DataFileException(path,
            "not a depth map file (expected .npy or 16-bit .png)");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        using var ms = new MemoryStream(bytes, writable: false);
        return ext == ".NPY" ? NpyFile.ReadDepth(ms, path) : DepthPng.Read(ms, path);
    }

    /// <summary>Writes a depth map atomically (.npy float32 or 16-bit .png at the default scale).</summary>
    /// <exception cref="ArgumentException">Unknown extension, or depth beyond what 16-bit PNG stores.</exception>
    public static void Write(string path, DepthMap depth)
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (Path.GetExtension(path).ToUpperInvariant())
        {
            case ".NPY": NpyFile.WriteDepth(path, depth); break;
            case ".PNG": DepthPng.Write(path, depth); break;
            default: throw new ArgumentException($"{path}: depth maps are written as .npy or .png", nameof(path));
        }
    }
}
