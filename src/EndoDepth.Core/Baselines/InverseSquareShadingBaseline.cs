using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Baselines;

/// <summary>
/// The inverse-square shading baseline, d = k / √(L_blur + ε): with the lights at the lens, irradiance falls as cos
/// θ / d², so depth ∝ 1/√I up to albedo and angle. L is the luminance (0.299 R + 0.587 G + 0.114 B of values in
/// [0, 1]; a grey image's value) raised to <see cref="Gamma"/> (display to linear light), blurred by a Gaussian of σ =
/// width × <see cref="BlurSigmaPerWidth"/> pixels (edge pixels repeated); ε = <see cref="Epsilon"/>. A model trained
/// on such images has to beat this to show it learned more than the forward model's physics.
/// </summary>
public sealed class InverseSquareShadingBaseline : IDepthEstimator
{
    /// <summary>The display gamma undone before the blur (2.2).</summary>
    public const double Gamma = 2.2;
    /// <summary>ε added to the blurred linear luminance (10⁻⁴).</summary>
    public const double Epsilon = 1e-4;
    /// <summary>Blur σ in units of the image width (2/64).</summary>
    public const double BlurSigmaPerWidth = 2.0 / 64;

    /// <summary>
    /// The scale k (mm): median(ground truth) / median(1/√(L_blur + ε)) over all valid training pixels.
    /// </summary>
    public double K { get; }

    /// <summary>The baseline with scale <paramref name="k"/> (mm).</summary>
    /// <exception cref="ArgumentOutOfRangeException">k is not positive and finite.</exception>
    public InverseSquareShadingBaseline(double k)
    {
        if (!(k > 0) || double.IsInfinity(k))
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive and finite.");
        K = k;
    }

    /// <summary>
    /// Fits k = median(ground truth) / median(1/√(L_blur + ε)) over every valid ground-truth pixel of the split.
    /// Both medians are exact (numpy's definition) and found in bounded memory by reading the split twice.
    /// </summary>
    /// <param name="folder">The training folder.</param>
    /// <param name="split">Its split to fit on (an empty split of a folder without splits.json means all
    /// items).</param>
    /// <param name="progress">Receives the number of images read so far, up to twice the split's count (two
    /// passes).</param>
    /// <param name="cancellationToken">Cancels between images.</param>
    /// <exception cref="DatasetException">The split is empty in a split folder, the manifest is malformed, an image and
    /// its depth differ in size, or no pixel is valid.</exception>
    public static InverseSquareShadingBaseline Fit(DatasetFolder folder, SplitName split,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var items = FitItems.Read(folder, split);
        var depth = new ExactMedian();
        var signal = new ExactMedian();
        Pass(folder, items, (g, s) => { depth.AddFirst(g); signal.AddFirst(s); }, 0, progress, cancellationToken);
        if (!depth.EndFirst() || !signal.EndFirst()) throw FitItems.NoValidPixel(folder, split);
        Pass(folder, items, (g, s) => { depth.AddSecond(g); signal.AddSecond(s); }, items.Count, progress,
            cancellationToken);
        return new InverseSquareShadingBaseline(depth.Result() / signal.Result());
    }

    /// <summary>
    /// Calls <paramref name="add"/> with (ground truth, 1/√(L_blur + ε)) of every valid pixel of the items.
    /// </summary>
    private static void Pass(DatasetFolder folder, IReadOnlyList<DatasetItem> items, Action<float, float> add, int done,
        IProgress<int>? progress, CancellationToken ct)
    {
        for (var i = 0; i < items.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var image = folder.LoadImage(items[i]);
            var d = folder.LoadDepth(items[i]);
            if (d.Width != image.Width || d.Height != image.Height)
                throw new DatasetException(folder.Resolve(items[i].Depth),
                    $"depth map is {d.Width}×{d.Height}, its image '{items[i].Image}' is " +
                    $"{image.Width}×{image.Height}");
            var s = InverseSqrtIrradiance(image);
            for (var p = 0; p < s.Length; p++)
                if (d.Valid[p]) add(d.Millimetres[p], s[p]);
            progress?.Report(done + i + 1);
        }
    }

    /// <summary>1/√(L_blur + ε) per pixel, row-major (the quantity k scales to depth).</summary>
    internal static float[] InverseSqrtIrradiance(ImageF image)
    {
        int w = image.Width, h = image.Height;
        var linear = new float[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var v = image.Channels == 1
                    ? image[x, y]
                    : 0.299f * image[x, y, 0] + 0.587f * image[x, y, 1] + 0.114f * image[x, y, 2];
                linear[y * w + x] = (float)Math.Pow(Math.Clamp(float.IsNaN(v) ? 0 : v, 0, 1), Gamma);
            }
        var blurred = GaussianBlur.Apply(linear, w, h, w * BlurSigmaPerWidth);
        for (var p = 0; p < blurred.Length; p++) blurred[p] = (float)(1 / Math.Sqrt(blurred[p] + Epsilon));
        return blurred;
    }

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var s = InverseSqrtIrradiance(image);
        for (var p = 0; p < s.Length; p++) s[p] = (float)(K * s[p]);
        return new DepthMap(image.Width, image.Height, s);
    }

}
