using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// 8-bit grey and RGB images. Reading takes PNG, JPEG and uncompressed BMP: the container's structure is checked first, then
/// ImageSharp decodes the pixels (<c>ImageDecoding</c>), so a truncated or hostile file is one
/// <see cref="ImageFormatException"/>, never a hang; writing is the library's own small PNG encoder (Sub-filtered rows
/// through the runtime's zlib: the dataset generator writes one image per frame, and a per-row
/// filter search with a managed deflate took longer than rendering the frame). 16-bit depth PNGs are in
/// <c>DepthPng</c>.
/// </summary>
public static class PngFile
{
    /// <summary>Writes an 8-bit PNG (grey for 1 channel, RGB for 3) atomically; values are clamped to [0, 1].</summary>
    public static void Write(string path, ImageF image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = image.ToBytes();
        AtomicFile.Write(path, s => PngEncoder.Write(s, bytes, image.Width, image.Height, image.Channels, 8));
    }

    /// <summary>
    /// Reads a PNG (any bit depth and colour type) or a baseline/progressive JPEG as a float image in [0, 1]: grey
    /// stays 1 channel, colour becomes 3 channels (alpha dropped). Use <paramref name="channels"/> = 1 (grey =
    /// 0.299 R + 0.587 G + 0.114 B) or 3 to force a channel count.
    /// </summary>
    /// <exception cref="ImageFormatException">The file is not a PNG, JPEG or BMP, is truncated or damaged, or has an
    /// unacceptable size (<see cref="PngFormatException"/> for PNG files).</exception>
    public static ImageF Read(string path, int? channels = null)
    {
        var bytes = File.ReadAllBytes(path);
        return Decode(bytes, path, channels);
    }

    /// <summary>Decodes PNG, JPEG or BMP bytes; <paramref name="name"/> names the source in error messages.</summary>
    /// <exception cref="ImageFormatException">The bytes are not a PNG, JPEG or BMP, are truncated or damaged, or the size
    /// is unacceptable.</exception>
    public static ImageF Decode(byte[] bytes, string name, int? channels = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (channels is not (null or 1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels));
        return ImageDecoding.Decode(bytes, name, channels);
    }
}
