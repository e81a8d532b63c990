using System.Runtime.InteropServices;
using EndoDepth.Imaging;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Sharp = SixLabors.ImageSharp;

namespace EndoDepth.IO;

/// <summary>
/// The guarded 8-bit image decoder behind <see cref="PngFile"/>. The container's structure is walked first
/// (<see cref="PngLayout"/>, <see cref="JpegLayout"/>, <see cref="BmpLayout"/>): truncation, lengths pointing past the end, bad CRCs and
/// unacceptable sizes are refused there, before any allocation for pixels, and a PNG's compressed data must inflate to
/// every scanline it declares (ImageSharp 2.1.13 spins forever on an interlaced PNG whose data ends early). Only then does ImageSharp, configured with
/// its PNG, JPEG and BMP decoders alone, decode the pixels; whatever it still rejects (or throws) becomes an
/// <see cref="ImageFormatException"/> naming the file, with the decoder's exception as its inner exception.
/// </summary>
internal static class ImageDecoding
{
    private static readonly Sharp.Configuration PngAndJpeg =
        new(new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule());

    public static ImageF Decode(byte[] bytes, string name, int? channels)
    {
        bool grey, png = PngLayout.HasSignature(bytes);
        if (png)
        {
            var layout = PngLayout.Read(bytes, name);
            layout.CheckImageData(bytes, name);
            grey = layout.ColourType is 0 or 4;
        }
        else if (JpegLayout.HasSignature(bytes)) grey = JpegLayout.Read(bytes, name).Components == 1;
        else if (BmpLayout.HasSignature(bytes)) grey = BmpLayout.Read(bytes, name).Grey;
        else throw new ImageFormatException(name, "not a PNG, JPEG or BMP image (unknown signature)", 0);

        var c = channels ?? (grey ? 1 : 3);
        try
        {
            if (grey)
            {
                var g = Pixels<L8>(bytes, 1);
                return c == 1 ? g : g.ToRgb();
            }
            var rgb = Pixels<Rgb24>(bytes, 3);
            return c == 3 ? rgb : rgb.ToGrey();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ImageSharp's own verdicts (InvalidImageContentException, …) and any fault of its decoders on bytes
            // that passed the structure check: either way the file is what the user must hear about.
            throw png ? new PngFormatException(name, "corrupt image data: " + e.Message, null, e)
                : new ImageFormatException(name, "corrupt image data: " + e.Message, null, e);
        }
    }

    private static ImageF Pixels<TPixel>(byte[] bytes, int channels) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Sharp.Image.Load<TPixel>(PngAndJpeg, bytes);
        var pixels = new TPixel[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return ImageF.FromBytes(MemoryMarshal.AsBytes(pixels.AsSpan()), image.Width, image.Height, channels);
    }
}
