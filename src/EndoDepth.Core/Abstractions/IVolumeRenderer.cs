using EndoDepth.Geometry;
using EndoDepth.Volumes;

namespace EndoDepth.Abstractions;

/// <summary>
/// Cinematic rendering of a CT volume (paper §2.2, eq. 1): Monte Carlo volumetric path tracing from the endoscope's
/// viewpoint, with depth taken where a primary ray's accumulated opacity reaches a threshold.
/// </summary>
/// <typeparam name="TPreset">The looks this renderer understands (their parameters are the renderer's own).</typeparam>
public interface IVolumeRenderer<in TPreset> where TPreset : IRenderPreset
{
    /// <summary>
    /// Renders one view of <paramref name="volume"/> under each of <paramref name="presets"/>; all images share the one
    /// depth map returned.
    /// </summary>
    /// <param name="volume">CT volume in HU.</param>
    /// <param name="view">Camera intrinsics, pose (in the volume's world frame, mm) and lights.</param>
    /// <param name="presets">The looks to render (the paper used four).</param>
    /// <param name="progress">Receives the fraction of the work done, in [0, 1].</param>
    /// <param name="cancellationToken">Cancels the render.</param>
    /// <exception cref="ArgumentException">No preset is given.</exception>
    VolumeRendering Render(CtVolume volume, CameraView view, IReadOnlyList<TPreset> presets,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default);
}
