using EndoDepth.Crf.Dense;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Baselines;

/// <summary>
/// The superpixel oracle, a ceiling rather than a baseline: the best a CNN-CRF with these settings could output if it
/// knew the ground truth. The image is segmented as <see cref="CrfModel.Predict(ImageF, CancellationToken)"/> segments
/// it (<see cref="PreparedImage.Create"/>), each superpixel takes the mean of its valid ground-truth pixels
/// (<see cref="SuperpixelDepth.Mean"/>), and the superpixel values are filled back to pixels as the model fills them
/// (<see cref="DenseDepth.Assign"/> or <see cref="DenseDepth.EdgeAware"/>, by <see cref="CrfModelSettings.Dense"/>).
/// A superpixel without a valid ground-truth pixel takes the mean of the adjacent superpixels that have one; with no
/// such neighbour, the image's mean valid depth (pooled over pixels). An image without a valid pixel gets an
/// all-invalid map.
/// </summary>
public sealed class SuperpixelOracle
{
    /// <summary>
    /// The model settings whose superpixels (<see cref="CrfModelSettings.Slic"/>) and dense fill are used.
    /// </summary>
    public CrfModelSettings Settings { get; }

    /// <summary>The oracle of a model with <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The settings are out of range.</exception>
    public SuperpixelOracle(CrfModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
    }

    /// <summary>Each superpixel's mean ground truth, filled back to a dense map of the image's size.</summary>
    /// <param name="image">The image (segmented as the model segments it).</param>
    /// <param name="groundTruth">Its ground-truth depth (mm).</param>
    /// <param name="cancellationToken">Cancels the segmentation.</param>
    /// <exception cref="ArgumentException">The depth map's size differs from the image's.</exception>
    public DepthMap Estimate(ImageF image, DepthMap groundTruth, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (groundTruth.Width != image.Width || groundTruth.Height != image.Height)
            throw new ArgumentException($"Ground truth is {groundTruth.Width}×{groundTruth.Height}, the image " +
                $"{image.Width}×{image.Height}.", nameof(groundTruth));
        if (groundTruth.ValidCount == 0) return new DepthMap(image.Width, image.Height);
        var prepared = PreparedImage.Create(image, Settings, cancellationToken);
        var (mm, valid) = SuperpixelDepth.Mean(prepared.Segmentation, groundTruth);
        FillInvalid(mm, valid, prepared.Graph, groundTruth);
        return Settings.Dense.Fill == DenseFill.EdgeAware
            ? DenseDepth.EdgeAware(image, prepared.Segmentation, prepared.Graph, mm, prepared.Features.MeanGrey,
                Settings.Dense)
            : DenseDepth.Assign(prepared.Segmentation, mm);
    }

    /// <summary>
    /// Superpixels without a valid pixel: the mean of their valid neighbours, else the image's mean valid depth.
    /// </summary>
    private static void FillInvalid(float[] mm, bool[] valid, SuperpixelGraph graph, DepthMap groundTruth)
    {
        if (valid.All(v => v)) return;
        var sum = new double[mm.Length];
        var n = new int[mm.Length];
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            int a = graph.From[e], b = graph.To[e];
            if (valid[b] && !valid[a]) { sum[a] += mm[b]; n[a]++; }
            if (valid[a] && !valid[b]) { sum[b] += mm[a]; n[b]++; }
        }
        double total = 0;
        for (var p = 0; p < groundTruth.Valid.Length; p++)
            if (groundTruth.Valid[p]) total += groundTruth.Millimetres[p];
        var imageMean = total / groundTruth.ValidCount;
        for (var l = 0; l < mm.Length; l++)
            if (!valid[l]) mm[l] = (float)(n[l] > 0 ? sum[l] / n[l] : imageMean);
    }
}
