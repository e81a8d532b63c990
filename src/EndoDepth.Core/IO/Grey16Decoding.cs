using System.Runtime.InteropServices;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;
using Sharp = SixLabors.ImageSharp;

namespace EndoDepth.IO;

/// <summary>
/// Single-channel 16-bit samples (depth maps) decoded by ImageSharp, each format configured alone, after its structure
/// has been checked (<see cref="PngLayout"/>, <see cref="TiffLayout"/>): whatever ImageSharp still rejects or throws
/// becomes an <see cref="ImageFormatException"/> naming the file, with the decoder's exception inside.
/// </summary>
internal static class Grey16Decoding
{
    private static readonly Sharp.Configuration Png = new(new PngConfigurationModule());
    private static readonly Sharp.Configuration Tiff = new(new TiffConfigurationModule());

    /// <summary>Decodes a grey PNG whose layout was checked (8-bit samples widen as v·257, as PNG §13.12 scales).
    /// </summary>
    public static (int Width, int Height, ushort[] Values) DecodePng(ReadOnlySpan<byte> file, string name) =>
        Decode(Png, file, name, png: true);

    /// <summary>Reads a 16-bit unsigned single-channel TIFF: structure first (<see cref="TiffLayout"/>), then pixels.
    /// </summary>
    /// <exception cref="ImageFormatException">Malformed, hostile, or not an unsigned 16-bit grey TIFF.</exception>
    public static (int Width, int Height, ushort[] Values) DecodeTiff(ReadOnlySpan<byte> file, string name)
    {
        var layout = TiffLayout.Read(file, name);
        var decoded = Decode(Tiff, file, name, png: false);
        if ((decoded.Width, decoded.Height) != (layout.Width, layout.Height))
            throw new ImageFormatException(name, $"decoded {decoded.Width}×{decoded.Height}, declared " +
                $"{layout.Width}×{layout.Height}");
        return decoded;
    }

    private static (int Width, int Height, ushort[] Values) Decode(Sharp.Configuration configuration, ReadOnlySpan<byte> file,
        string name, bool png)
    {
        try
        {
            using var image = Sharp.Image.Load<L16>(configuration, file);
            var pixels = new L16[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return (image.Width, image.Height, MemoryMarshal.Cast<L16, ushort>(pixels.AsSpan()).ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw png ? new PngFormatException(name, "corrupt image data: " + e.Message, null, e)
                : new ImageFormatException(name, "corrupt image data: " + e.Message, null, e);
        }
    }
}
