using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Baselines;

/// <summary>
/// The mean-depth prior: every image gets the same per-pixel depth map, each pixel's mean valid depth over the
/// training images; a pixel valid in no training image gets the constant baseline's value (the mean of all valid
/// pixels). An image of another size gets the map resized bilinearly (pixel centres aligned). It shows how much of the
/// error the typical scene layout (lumen ahead, wall near the rim) explains without looking at the image.
/// </summary>
public sealed class MeanDepthPriorBaseline : IDepthEstimator
{
    private readonly float[] _mm;

    /// <summary>Width of the prior map.</summary>
    public int Width { get; }
    /// <summary>Height of the prior map.</summary>
    public int Height { get; }
    /// <summary>The depth of pixels the prior had no value for (mm).</summary>
    public double FallbackMm { get; }

    /// <summary>A prior from a map; its invalid pixels take <paramref name="fallbackMm"/>. The map is copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fallback is not positive and finite.</exception>
    public MeanDepthPriorBaseline(DepthMap prior, double fallbackMm)
    {
        ArgumentNullException.ThrowIfNull(prior);
        if (!(fallbackMm > 0) || double.IsInfinity(fallbackMm))
            throw new ArgumentOutOfRangeException(nameof(fallbackMm), fallbackMm, "Depth must be positive and finite.");
        Width = prior.Width; Height = prior.Height; FallbackMm = fallbackMm;
        _mm = new float[prior.Millimetres.Length];
        for (var i = 0; i < _mm.Length; i++) _mm[i] = prior.Valid[i] ? prior.Millimetres[i] : (float)fallbackMm;
    }

    /// <summary>The prior map at its own size (a copy; every pixel valid).</summary>
    public DepthMap ToDepthMap() => new(Width, Height, (float[])_mm.Clone());

    /// <summary>
    /// Fits the prior: per pixel, the mean of the valid depths over the split's images. Every image must have the
    /// first image's size.
    /// </summary>
    /// <param name="folder">The training folder.</param>
    /// <param name="split">Its split to fit on (an empty split of a folder without splits.json means all
    /// items).</param>
    /// <param name="progress">Receives the number of images read so far.</param>
    /// <param name="cancellationToken">Cancels between images.</param>
    /// <exception cref="DatasetException">The split is empty in a split folder, the manifest is malformed, depth maps
    /// differ in size, or no pixel is valid.</exception>
    public static MeanDepthPriorBaseline Fit(DatasetFolder folder, SplitName split, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var items = FitItems.Read(folder, split);
        double[]? sum = null;
        int[]? count = null;
        int w = 0, h = 0;
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = folder.LoadDepth(items[i]);
            if (sum is null) { w = d.Width; h = d.Height; sum = new double[w * h]; count = new int[w * h]; }
            else if (d.Width != w || d.Height != h)
                throw new DatasetException(folder.Resolve(items[i].Depth),
                    $"depth map is {d.Width}×{d.Height}, the first of the {split} split is {w}×{h}: a per-pixel " +
                    $"prior needs one size");
            for (var p = 0; p < d.Valid.Length; p++)
                if (d.Valid[p]) { sum[p] += d.Millimetres[p]; count![p]++; }
            progress?.Report(i + 1);
        }
        double total = 0;
        long n = 0;
        var mean = new float[w * h];
        for (var p = 0; p < mean.Length; p++)
        {
            if (count![p] == 0) continue;
            total += sum![p]; n += count[p];
            mean[p] = (float)(sum[p] / count[p]);
        }
        if (n == 0) throw FitItems.NoValidPixel(folder, split);
        return new MeanDepthPriorBaseline(new DepthMap(w, h, mean), total / n);
    }

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new DepthMap(image.Width, image.Height,
            BilinearResize.Apply(_mm, Width, Height, image.Width, image.Height));
    }

}
