namespace EndoDepth.Imaging;

/// <summary>An image and its exact, pixel-aligned depth map.</summary>
/// <param name="Image">The rendered image (grey for the forward model, RGB for cinematic rendering).</param>
/// <param name="Depth">Ground-truth depth in mm (z-depth unless the map says otherwise).</param>
public sealed record RenderedFrame(ImageF Image, DepthMap Depth);
