using EndoDepth.Imaging;

namespace EndoDepth.Metrics;

/// <summary>
/// The error of an image against a reference (a render against a converged one): PSNR, relative MSE and SSIM. The
/// definitions are scikit-image's where it has one (<c>skimage.metrics.peak_signal_noise_ratio</c>,
/// <c>structural_similarity</c> with its defaults), so figures compare with theirs; tests check against its output.
/// Multi-channel images are compared channel by channel and averaged.
/// </summary>
public static class ImageQuality
{
    /// <summary>SSIM's window side (scikit-image's default: a 7 × 7 uniform window).</summary>
    public const int SsimWindow = 7;

    private const double K1 = 0.01, K2 = 0.03;

    /// <summary>Peak signal-to-noise ratio in dB: 10 log₁₀(R² / MSE), R = <paramref name="dataRange"/>; +∞ for
    /// identical images.</summary>
    /// <exception cref="ArgumentException">Shapes differ, a pixel is not finite, or the range is not positive.
    /// </exception>
    public static double Psnr(ImageF image, ImageF reference, double dataRange = 1.0)
    {
        Check(image, reference, dataRange);
        var mse = Mean(image, reference, (x, r) => (x - r) * (x - r));
        return 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>
    /// Relative mean squared error, mean of (x − r)² / (r² + ε): the renderer literature's error measure, which weighs
    /// dark regions as much as bright ones. ε = 0.01 by default (for values in [0, 1]).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, a pixel is not finite, or ε is not positive.</exception>
    public static double RelativeMse(ImageF image, ImageF reference, double epsilon = 0.01)
    {
        Check(image, reference, 1.0);
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
            throw new ArgumentException($"ε must be positive and finite, got {epsilon}.", nameof(epsilon));
        return Mean(image, reference, (x, r) => (x - r) * (x - r) / (r * r + epsilon));
    }

    /// <summary>
    /// Mean structural similarity (Wang et al. 2004, eq. 13) as scikit-image computes it by default: local means,
    /// sample variances and covariance over a 7 × 7 uniform window, C₁ = (0.01 R)², C₂ = (0.03 R)², averaged over
    /// the pixels at least 3 from every edge. With <paramref name="region"/> (one flag per pixel, row-major), only
    /// those of its pixels are averaged — e.g. textured tissue, where a denoiser's blur shows.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, an image is smaller than the window, a pixel is not finite,
    /// the range is not positive, the region has the wrong length or selects no pixel at least 3 from the edges.
    /// </exception>
    public static double Ssim(ImageF image, ImageF reference, double dataRange = 1.0,
        IReadOnlyList<bool>? region = null)
    {
        Check(image, reference, dataRange);
        int w = image.Width, h = image.Height;
        if (w < SsimWindow || h < SsimWindow)
            throw new ArgumentException($"SSIM needs images of at least {SsimWindow}×{SsimWindow}, got {w}×{h}.",
                nameof(image));
        if (region is not null && region.Count != w * h)
            throw new ArgumentException($"The region has {region.Count} flags for {w}×{h} pixels.", nameof(region));
        const int pad = SsimWindow / 2;
        double c1 = K1 * dataRange * (K1 * dataRange), c2 = K2 * dataRange * (K2 * dataRange);
        const double n = SsimWindow * SsimWindow;
        const double sampleCovariance = n / (n - 1);
        double sum = 0;
        long count = 0;
        for (var c = 0; c < image.Channels; c++)
        {
            var x = new WindowSums(image, reference, c);
            for (var py = pad; py < h - pad; py++)
            for (var px = pad; px < w - pad; px++)
            {
                if (region is not null && !region[py * w + px]) continue;
                var (sx, sy, sxx, syy, sxy) = x.Around(px, py);
                double ux = sx / n, uy = sy / n;
                var vx = sampleCovariance * (sxx / n - ux * ux);
                var vy = sampleCovariance * (syy / n - uy * uy);
                var vxy = sampleCovariance * (sxy / n - ux * uy);
                sum += (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2)); // eq. 13
                count++;
            }
        }
        if (count == 0) throw new ArgumentException("The region selects no pixel at least 3 from the edges.",
            nameof(region));
        return sum / count;
    }

    private static double Mean(ImageF image, ImageF reference, Func<double, double, double> term)
    {
        double sum = 0;
        for (var c = 0; c < image.Channels; c++)
        for (var y = 0; y < image.Height; y++)
        for (var x = 0; x < image.Width; x++)
        {
            var i = c * image.PlaneSize + y * image.Stride + x;
            var j = c * reference.PlaneSize + y * reference.Stride + x;
            sum += term(image.Data[i], reference.Data[j]);
        }
        return sum / ((long)image.Channels * image.Width * image.Height);
    }

    private static void Check(ImageF image, ImageF reference, double dataRange)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(reference);
        if (image.Width != reference.Width || image.Height != reference.Height || image.Channels != reference.Channels)
            throw new ArgumentException($"Images differ in shape: {image.Width}×{image.Height}×{image.Channels} " +
                $"against a {reference.Width}×{reference.Height}×{reference.Channels} reference.", nameof(image));
        if (!(dataRange > 0) || double.IsInfinity(dataRange))
            throw new ArgumentException($"The data range must be positive and finite, got {dataRange}.",
                nameof(dataRange));
        foreach (var (img, name) in new[] { (image, nameof(image)), (reference, nameof(reference)) })
            for (var c = 0; c < img.Channels; c++)
            for (var y = 0; y < img.Height; y++)
            for (var x = 0; x < img.Width; x++)
                if (!float.IsFinite(img.Data[c * img.PlaneSize + y * img.Stride + x]))
                    throw new ArgumentException($"The {name} has a non-finite value at ({x}, {y}), channel {c}.",
                        name);
    }

    /// <summary>Summed-area tables of x, y, x², y², xy for one channel: any window's sums in O(1).</summary>
    private sealed class WindowSums
    {
        private readonly double[] _x, _y, _xx, _yy, _xy;
        private readonly int _w;

        public WindowSums(ImageF image, ImageF reference, int channel)
        {
            _w = image.Width + 1;
            var size = _w * (image.Height + 1);
            _x = new double[size]; _y = new double[size]; _xx = new double[size]; _yy = new double[size];
            _xy = new double[size];
            for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                double a = image.Data[channel * image.PlaneSize + y * image.Stride + x];
                double b = reference.Data[channel * reference.PlaneSize + y * reference.Stride + x];
                int i = (y + 1) * _w + x + 1, up = y * _w + x + 1, left = i - 1, diag = up - 1;
                _x[i] = a + _x[up] + _x[left] - _x[diag];
                _y[i] = b + _y[up] + _y[left] - _y[diag];
                _xx[i] = a * a + _xx[up] + _xx[left] - _xx[diag];
                _yy[i] = b * b + _yy[up] + _yy[left] - _yy[diag];
                _xy[i] = a * b + _xy[up] + _xy[left] - _xy[diag];
            }
        }

        public (double X, double Y, double Xx, double Yy, double Xy) Around(int px, int py)
        {
            const int r = SsimWindow / 2;
            int x0 = px - r, y0 = py - r, x1 = px + r + 1, y1 = py + r + 1;
            double Box(double[] s) => s[y1 * _w + x1] - s[y0 * _w + x1] - s[y1 * _w + x0] + s[y0 * _w + x0];
            return (Box(_x), Box(_y), Box(_xx), Box(_yy), Box(_xy));
        }
    }
}
