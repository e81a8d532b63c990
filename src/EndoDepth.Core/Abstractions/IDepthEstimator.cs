using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Abstractions;

/// <summary>Monocular depth estimation: one endoscopy image in, a dense depth map (mm) out.</summary>
public interface IDepthEstimator
{
    /// <summary>Estimates depth for one image (grey images are treated as three equal channels).</summary>
    /// <param name="image">A 1- or 3-channel image with values in [0, 1].</param>
    /// <param name="cancellationToken">Cancels the estimate.</param>
    /// <returns>A z-depth map (mm) of the image's size.</returns>
    DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default);

    /// <summary>
    /// Estimates depth for an image taken by a known camera. Estimators that read the intrinsics (the ray angle of each
    /// pixel) override it; by default the camera is ignored.
    /// </summary>
    /// <param name="image">A 1- or 3-channel image with values in [0, 1].</param>
    /// <param name="camera">
    /// The camera that took it (any resolution with the image's aspect); null when unknown.
    /// </param>
    /// <param name="cancellationToken">Cancels the estimate.</param>
    DepthMap Estimate(ImageF image, CameraModel? camera, CancellationToken cancellationToken = default) =>
        Estimate(image, cancellationToken);

    /// <summary>
    /// Estimates depth for several images; results are in input order. By default one
    /// <see cref="Estimate(ImageF, CancellationToken)"/> per image;
    /// an estimator that can batch overrides it.
    /// </summary>
    /// <param name="images">The images.</param>
    /// <param name="progress">Receives the number of images finished so far.</param>
    /// <param name="cancellationToken">Cancels between images.</param>
    IReadOnlyList<DepthMap> EstimateBatch(IReadOnlyList<ImageF> images, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var maps = new List<DepthMap>(images.Count);
        foreach (var image in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            maps.Add(Estimate(image, cancellationToken));
            progress?.Report(maps.Count);
        }
        return maps;
    }
}
