using EndoDepth.Imaging;

namespace EndoDepth.Registration;

/// <summary>One view of the <see cref="VirtualEndoscope"/>.</summary>
/// <param name="Depth">Z-depth (mm) of the opacity-threshold iso-surface; invalid (0) where a ray meets none.</param>
/// <param name="Normals">Unit surface normals −∇HU/|∇HU| in the world frame, planar x, y, z.</param>
/// <param name="Shading">Linear radiance under the tip's lights: of the iso-surface, Σⱼ Iⱼ·cos θⱼ / dⱼ²
/// (Lambertian, unit albedo; <see cref="VirtualEndoscope.Render"/>), or the path-traced luminance of the cinematic
/// image model (<see cref="VirtualEndoscope.RenderCinematic"/>); 0 where the depth is invalid.</param>
public sealed record VirtualView(DepthMap Depth, ImageF Normals, ImageF Shading);
