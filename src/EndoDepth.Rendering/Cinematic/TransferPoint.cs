using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>One control point of a <see cref="TransferFunction"/>: optical properties at a Hounsfield value.</summary>
/// <param name="Hu">The Hounsfield value.</param>
/// <param name="SigmaT">Extinction coefficient σt (1/mm), ≥ 0.</param>
/// <param name="Albedo">Single-scattering albedo σs/σt in [0, 1].</param>
/// <param name="Colour">Base colour (linear RGB reflectance in [0, 1]) that tints scattering.</param>
/// <param name="Roughness">Surface roughness in (0, 1] for BRDF events.</param>
/// <param name="Specular">Normal-incidence Fresnel reflectance F0 for BRDF events, in [0, 1).</param>
public readonly record struct TransferPoint(float Hu, float SigmaT, float Albedo, Float3 Colour, float Roughness,
    float Specular);
