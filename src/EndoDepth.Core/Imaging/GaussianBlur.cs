namespace EndoDepth.Imaging;

/// <summary>
/// A separable Gaussian blur of one float plane: kernel weights exp(−i²/2σ²) for |i| ≤ ⌈3σ⌉, normalised to
/// sum 1, with edge pixels repeated beyond the border (a constant plane stays exactly constant).
/// </summary>
internal static class GaussianBlur
{
    /// <summary>The blurred plane (a new array; <paramref name="plane"/> is row-major, width × height).</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ not positive and finite.</exception>
    public static float[] Apply(ReadOnlySpan<float> plane, int width, int height, double sigma)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma,
            "σ must be positive and finite.");
        if (plane.Length != width * height) throw new ArgumentException($"Expected {width * height} values, got " +
            $"{plane.Length}.", nameof(plane));
        var kernel = Kernel(sigma);
        var r = kernel.Length / 2;
        var tmp = new double[plane.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double s = 0;
                for (var k = -r; k <= r; k++) s += kernel[k + r] * plane[y * width + Math.Clamp(x + k, 0, width - 1)];
                tmp[y * width + x] = s;
            }
        var o = new float[plane.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double s = 0;
                for (var k = -r; k <= r; k++) s += kernel[k + r] * tmp[Math.Clamp(y + k, 0, height - 1) * width + x];
                o[y * width + x] = (float)s;
            }
        return o;
    }

    /// <summary>The normalised 1-D kernel, 2⌈3σ⌉ + 1 taps.</summary>
    internal static double[] Kernel(double sigma)
    {
        var r = (int)Math.Ceiling(3 * sigma);
        var k = new double[2 * r + 1];
        double sum = 0;
        for (var i = -r; i <= r; i++) sum += k[i + r] = Math.Exp(-i * i / (2 * sigma * sigma));
        for (var i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }
}
