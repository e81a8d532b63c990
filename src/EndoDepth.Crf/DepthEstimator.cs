using EndoDepth.Abstractions;
using EndoDepth.Crf.Networks;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Crf;

/// <summary>
/// The CNN-CRF as an <see cref="IDepthEstimator"/>: superpixels → unary CNN + pairwise → CRF MAP → dense map.
/// </summary>
public sealed class DepthEstimator : IDepthEstimator, IDisposable
{
    private readonly bool ownsModel;

    /// <summary>The model.</summary>
    public CrfModel Model { get; }

    /// <summary>Wraps a model (disposed with the estimator when <paramref name="ownsModel"/>).</summary>
    public DepthEstimator(CrfModel model, bool ownsModel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model; this.ownsModel = ownsModel;
    }

    /// <summary>
    /// Loads a model file onto <paramref name="device"/> ("auto": CUDA when torch reports it, else CPU).
    /// </summary>
    /// <exception cref="ModelFileException">Not a model file or damaged.</exception>
    public static DepthEstimator Load(string path, string device = "auto") =>
        new(CrfModel.Load(path, Runtime.TorchRuntime.ParseDevice(device)), ownsModel: true);

    /// <summary>
    /// The pretrained model shipped with the library, on <paramref name="device"/> ("auto", "cpu", "cuda[:N]").
    /// </summary>
    /// <exception cref="ModelFileException">The build carries no default model.</exception>
    public static DepthEstimator LoadDefault(string device = "auto") =>
        new(CrfModel.LoadDefault(Runtime.TorchRuntime.ParseDevice(device)), ownsModel: true);

    /// <summary>
    /// The camera assumed for images given without one (any resolution: it is rescaled to each image). Null assumes
    /// <see cref="SuperpixelCues.AssumedCamera"/>, a 90° pinhole. Models with camera-ray cues read it.
    /// </summary>
    public CameraModel? Camera { get; set; }

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default) =>
        Model.Predict(image, Camera, cancellationToken);

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CameraModel? camera, CancellationToken cancellationToken = default) =>
        Model.Predict(image, camera ?? Camera, cancellationToken);

    /// <summary>Releases the model when owned.</summary>
    public void Dispose()
    {
        if (ownsModel) Model.Dispose();
    }
}
