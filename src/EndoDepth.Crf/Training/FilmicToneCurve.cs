using EndoDepth.Imaging;

namespace EndoDepth.Crf.Training;

/// <summary>
/// Re-develops a display image (gamma 2.2) the way cinematic renderers and game engines do: back to linear, auto-exposed
/// so that the 99th-percentile luminance lands on a key value times an exposure factor, through the filmic curve
/// (Narkowicz's fit of the ACES reference tone curve, as in EndoDepth.Rendering's ToneMapping) and display gamma. The
/// curve's toe steepens and its shoulder flattens the intensity–depth relation that inverse-square shading gives, which is
/// the difference measured between the synthetic and the cinematic renders (docs/crf.md).
/// </summary>
internal static class FilmicToneCurve
{
    /// <summary>Display gamma of the synthetic frames and of the re-developed ones.</summary>
    private const double DisplayGamma = 2.2;

    /// <summary>Linear value the key luminance is mapped to before the curve (the cinematic renderer's default).</summary>
    public const double KeyValue = 0.6;

    /// <summary>The filmic curve x(2.51x + 0.03) / (x(2.43x + 0.59) + 0.14), clamped to [0, 1].</summary>
    public static double Filmic(double x) =>
        x > 0 ? Math.Clamp(x * (2.51 * x + 0.03) / (x * (2.43 * x + 0.59) + 0.14), 0, 1) : 0;

    /// <summary>
    /// <paramref name="image"/> (display values in [0, 1]) re-developed with the key luminance mapped to
    /// <see cref="KeyValue"/> × <paramref name="exposure"/>.
    /// </summary>
    public static ImageF Apply(ImageF image, double exposure)
    {
        int w = image.Width, h = image.Height, nc = image.Channels;
        var luminance = new double[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                luminance[y * w + x] = nc == 3
                    ? 0.2126 * Linear(image[x, y, 0]) + 0.7152 * Linear(image[x, y, 1])
                        + 0.0722 * Linear(image[x, y, 2])
                    : Linear(image[x, y, 0]);
        Array.Sort(luminance);
        var key = luminance[(int)(0.99 * (luminance.Length - 1))];
        var scale = key > 0 ? KeyValue * exposure / key : exposure;
        var o = new ImageF(w, h, nc);
        for (var c = 0; c < nc; c++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    o[x, y, c] = (float)Math.Pow(Filmic(scale * Linear(image[x, y, c])), 1 / DisplayGamma);
        return o;
    }

    private static double Linear(float display) => Math.Pow(Math.Clamp(display, 0f, 1f), DisplayGamma);
}
