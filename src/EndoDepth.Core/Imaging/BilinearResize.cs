namespace EndoDepth.Imaging;

/// <summary>
/// Bilinear resampling of a row-major float plane with pixel centres aligned (source coordinate
/// (x + ½)·W/w − ½, clamped to the source's edge pixels).
/// </summary>
internal static class BilinearResize
{
    /// <summary>
    /// The plane resampled to <paramref name="toWidth"/> × <paramref name="toHeight"/> (a copy at the same size).
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> plane, int width, int height, int toWidth, int toHeight)
    {
        if (plane.Length != width * height) throw new ArgumentException($"Expected {width * height} values, got " +
            $"{plane.Length}.", nameof(plane));
        ImageSize.Validate(toWidth, toHeight);
        var o = new float[toWidth * toHeight];
        if (toWidth == width && toHeight == height) { plane.CopyTo(o); return o; }
        for (var y = 0; y < toHeight; y++)
        {
            var (y0, y1, fy) = Source(y, height, toHeight);
            for (var x = 0; x < toWidth; x++)
            {
                var (x0, x1, fx) = Source(x, width, toWidth);
                double top = plane[y0 * width + x0] * (1 - fx) + plane[y0 * width + x1] * fx;
                double bottom = plane[y1 * width + x0] * (1 - fx) + plane[y1 * width + x1] * fx;
                o[y * toWidth + x] = (float)(top * (1 - fy) + bottom * fy);
            }
        }
        return o;
    }

    private static (int I0, int I1, double F) Source(int i, int from, int to)
    {
        var s = Math.Clamp((i + 0.5) * from / to - 0.5, 0, from - 1);
        var i0 = (int)Math.Floor(s);
        var i1 = Math.Min(i0 + 1, from - 1);
        return (i0, i1, s - i0);
    }
}
