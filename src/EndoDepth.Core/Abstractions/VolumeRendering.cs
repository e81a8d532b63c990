using EndoDepth.Imaging;

namespace EndoDepth.Abstractions;

/// <summary>Renders of one view of a volume under several presets, and the one depth map they share.</summary>
/// <param name="Images">One RGB image per preset, in the order the presets were given.</param>
/// <param name="Depth">z-depth (mm) where each primary ray's accumulated opacity reached the threshold.</param>
public sealed record VolumeRendering(IReadOnlyList<ImageF> Images, DepthMap Depth);
