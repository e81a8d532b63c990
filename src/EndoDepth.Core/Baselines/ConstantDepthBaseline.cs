using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Baselines;

/// <summary>
/// The constant baseline: one depth everywhere, the mean of all valid ground-truth pixels of the training set (pooled
/// over pixels, not a mean of per-image means). Any estimator that does not beat it learned nothing about depth.
/// </summary>
public sealed class ConstantDepthBaseline : IDepthEstimator
{
    /// <summary>The depth predicted everywhere (mm).</summary>
    public double DepthMm { get; }

    /// <summary>A baseline predicting <paramref name="depthMm"/> everywhere.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The depth is not positive and finite.</exception>
    public ConstantDepthBaseline(double depthMm)
    {
        if (!(depthMm > 0) || double.IsInfinity(depthMm)) throw new ArgumentOutOfRangeException(nameof(depthMm),
            depthMm, "Depth must be positive and finite.");
        DepthMm = depthMm;
    }

    /// <summary>Fits the baseline: the mean of every valid ground-truth pixel of the split.</summary>
    /// <param name="folder">The training folder.</param>
    /// <param name="split">Its split to fit on (an empty split of a folder without splits.json means all
    /// items).</param>
    /// <param name="progress">Receives the number of images read so far.</param>
    /// <param name="cancellationToken">Cancels between images.</param>
    /// <exception cref="DatasetException">The split is empty in a split folder, the manifest is malformed, or no pixel
    /// is valid.</exception>
    public static ConstantDepthBaseline Fit(DatasetFolder folder, SplitName split, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var items = FitItems.Read(folder, split);
        double sum = 0;
        long n = 0;
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = folder.LoadDepth(items[i]);
            for (var p = 0; p < d.Valid.Length; p++)
                if (d.Valid[p]) { sum += d.Millimetres[p]; n++; }
            progress?.Report(i + 1);
        }
        if (n == 0) throw FitItems.NoValidPixel(folder, split);
        return new ConstantDepthBaseline(sum / n);
    }

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mm = new float[image.Width * image.Height];
        Array.Fill(mm, (float)DepthMm);
        return new DepthMap(image.Width, image.Height, mm);
    }

}
