using EndoDepth.Imaging;
using StbImageSharp;

namespace EndoDepth.IO;

/// <summary>
/// 8-bit grey and RGB PNG images. Reading is StbImageSharp's (any PNG, and JPEG/BMP/TGA too) behind this one adapter,
/// so it can be swapped without touching callers; writing is the library's own small PNG encoder (Sub-filtered rows
/// through the runtime's zlib: the dataset generator writes one image per frame, and StbImageWriteSharp's per-row
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
    /// Reads an 8-bit PNG (or any image StbImageSharp decodes) as a float image in [0, 1]: grey stays 1 channel,
    /// colour becomes 3 channels (alpha dropped). Use <paramref name="channels"/> = 1 or 3 to force a channel count.
    /// </summary>
    /// <exception cref="PngFormatException">The file cannot be decoded or has an unacceptable size.</exception>
    public static ImageF Read(string path, int? channels = null)
    {
        var bytes = File.ReadAllBytes(path);
        return Decode(bytes, path, channels);
    }

    /// <summary>Decodes image bytes; <paramref name="name"/> names the source in error messages.</summary>
    /// <exception cref="PngFormatException">The bytes cannot be decoded or the size is unacceptable.</exception>
    public static ImageF Decode(byte[] bytes, string name, int? channels = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (channels is not (null or 1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels));
        ImageInfo? info;
        try { info = ImageInfo.FromStream(new MemoryStream(bytes)); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw new PngFormatException(name,
            "not a decodable image: " + e.Message, null, e); }
        if (info is null) throw new PngFormatException(name, "not a decodable image (unknown or corrupt header)", 0);
        if (!ImageSize.IsAcceptable(info.Value.Width, info.Value.Height))
            throw new PngFormatException(name, $"image size {info.Value.Width}×{info.Value.Height} is not acceptable");
        var grey = info.Value.ColorComponents
            is StbImageSharp.ColorComponents.Grey or StbImageSharp.ColorComponents.GreyAlpha;
        var c = channels ?? (grey ? 1 : 3);
        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(bytes,
                c == 1 ? StbImageSharp.ColorComponents.Grey : StbImageSharp.ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PngFormatException(name, "corrupt image data: " + e.Message, null, e);
        }
        return ImageF.FromBytes(result.Data, result.Width, result.Height, c);
    }
}
