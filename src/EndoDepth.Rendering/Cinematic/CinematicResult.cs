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
    ImageF Normals);
