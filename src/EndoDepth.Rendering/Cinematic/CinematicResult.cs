using EndoDepth.Imaging;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>Everything one cinematic render of one view produces.</summary>
/// <param name="Images">Display RGB images in [0, 1] (tone-mapped), one per preset in order.</param>
/// <param name="Hdr">Linear HDR RGB radiance (mean over paths, denoised when the settings ask for it), one per preset
/// in order.</param>
/// <param name="Depth">The shared z-depth map (mm) from the reference opacity ramp.</param>
/// <param name="Normals">Unit gradient normals (world frame, planar x, y, z) where the depth is valid; zero
/// elsewhere.</param>
public sealed record CinematicResult(IReadOnlyList<ImageF> Images, IReadOnlyList<ImageF> Hdr, DepthMap Depth,
    ImageF Normals)
{
    /// <summary>
    /// The path tracer's first-event albedo AOV, one RGB image per preset in order: per pixel, the mean over the paths
    /// that scattered of the albedo (colour × tissue texture × single-scattering albedo, before lighting) at their
    /// first real collision; 0 where no path scattered. The denoiser's albedo guide
    /// (<see cref="Denoising.DenoiserSettings.FirstEventAlbedo"/>). Empty when no path was traced (depth only).
    /// </summary>
    public IReadOnlyList<ImageF> Albedo { get; init; } = [];
}
