namespace EndoDepth.Datasets.Importers;

/// <summary>
/// The raw samples of a single-channel 16-bit depth image as a dataset stored them (before any scale is applied).
/// Row-major: pixel (x, y) at index y·Width + x.
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Samples">The stored 16-bit values.</param>
public sealed record RawDepthImage(int Width, int Height, ushort[] Samples);

/// <summary>Decodes a 16-bit single-channel depth image file (PNG, TIFF, …) to its raw samples.</summary>
public interface IRawDepthDecoder
{
    /// <summary>
    /// Reads the raw 16-bit samples of <paramref name="path"/> (the first channel if there are several).
    /// </summary>
    /// <exception cref="EndoDepth.IO.DataFileException">The file is malformed or not a 16-bit image.</exception>
    RawDepthImage Decode(string path);
}
