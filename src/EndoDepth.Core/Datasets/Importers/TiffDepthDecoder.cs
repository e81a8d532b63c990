using EndoDepth.IO;

namespace EndoDepth.Datasets.Importers;

/// <summary>
/// Unsigned 16-bit single-channel TIFF depth (C3VD's <c>*_depth.tiff</c>), either byte order, strips uncompressed or
/// LZW-, Deflate- or PackBits-compressed, decoded by ImageSharp. The file's structure is checked first: a truncated
/// or hostile file (strips past the end, a declared size its data cannot hold), tiles, several samples per pixel, and
/// signed or floating-point samples are refused with an <see cref="ImageFormatException"/> naming the file.
/// </summary>
public sealed class TiffDepthDecoder : IRawDepthDecoder
{
    /// <inheritdoc />
    /// <exception cref="ImageFormatException">The file is malformed or not an unsigned 16-bit grey TIFF.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public RawDepthImage Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (w, h, v) = Grey16Decoding.DecodeTiff(File.ReadAllBytes(path), path);
        return new RawDepthImage(w, h, v);
    }
}
