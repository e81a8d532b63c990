namespace EndoDepth.Imaging;

/// <summary>Limits on image dimensions, checked before anything is allocated.</summary>
public static class ImageSize
{
    /// <summary>Largest accepted width or height (pixels).</summary>
    public const int MaxSide = 1 << 15;

    /// <summary>Largest accepted pixel count (2²⁸ ≈ 268 M).</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>
    /// Throws unless 1 ≤ width, height ≤ <see cref="MaxSide"/> and the pixel count is at most
    /// <see cref="MaxPixels"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not acceptable.</exception>
    public static void Validate(long width, long height)
    {
        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide || width * height > MaxPixels)
            throw new ArgumentOutOfRangeException(nameof(width),
                $"Image size {width}×{height} is not in 1..{MaxSide} per side, at most {MaxPixels} pixels.");
    }

    /// <summary>True when <see cref="Validate"/> would accept the size.</summary>
    public static bool IsAcceptable(long width, long height) =>
        width >= 1 && height >= 1 && width <= MaxSide && height <= MaxSide && width * height <= MaxPixels;
}
