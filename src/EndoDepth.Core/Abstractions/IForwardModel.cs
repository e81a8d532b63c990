using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Abstractions;

/// <summary>
/// The synthetic endoscope forward model of the paper's §2.1.1: a wide-angle monocular camera with 2–3 point
/// lights at the lens (inverse-square falloff) imaging a surface scene, producing a grey image and its exact,
/// error-free depth.
/// </summary>
/// <typeparam name="TScene">The scenes this model images (the form of geometry it needs, e.g. a signed distance grid).
/// </typeparam>
public interface IForwardModel<in TScene> where TScene : ISurfaceScene
{
    /// <summary>Renders one view of <paramref name="scene"/>.</summary>
    /// <param name="scene">The surface to image.</param>
    /// <param name="view">Camera intrinsics, pose and lights.</param>
    /// <param name="cancellationToken">Cancels the render.</param>
    /// <returns>A 1-channel image in [0, 1] and its z-depth map (mm); pixels that see no surface are invalid.</returns>
    RenderedFrame Render(TScene scene, CameraView view, CancellationToken cancellationToken = default);

    /// <summary>Renders several views of one scene; results are in the order of <paramref name="views"/>.</summary>
    /// <param name="scene">The surface to image.</param>
    /// <param name="views">The views.</param>
    /// <param name="progress">Receives the number of views finished so far.</param>
    /// <param name="cancellationToken">Cancels between (and where possible within) views.</param>
    IReadOnlyList<RenderedFrame> RenderBatch(TScene scene, IReadOnlyList<CameraView> views,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renders several views of one scene, view k with sensor-noise seed <paramref name="noiseSeeds"/>[k] (a dataset
    /// gives every image its own noise field); results are in the order of <paramref name="views"/>. A model without
    /// sensor noise ignores the seeds.
    /// </summary>
    /// <param name="scene">The surface to image.</param>
    /// <param name="views">The views.</param>
    /// <param name="noiseSeeds">One sensor-noise seed per view.</param>
    /// <param name="progress">Receives the number of views finished so far.</param>
    /// <param name="cancellationToken">Cancels between (and where possible within) views.</param>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    IReadOnlyList<RenderedFrame> RenderBatch(TScene scene, IReadOnlyList<CameraView> views,
        IReadOnlyList<ulong> noiseSeeds, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default);
}
