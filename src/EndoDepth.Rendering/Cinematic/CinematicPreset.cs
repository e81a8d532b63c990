using EndoDepth.Abstractions;
using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// A cinematic "look" (paper §2.2: four looks per scene sharing one depth map): the transfer function (colour, opacity
/// ramp, albedo, roughness, specularity), the procedural tissue texture, the phase function's g and the hybrid
/// surface/volume scattering balance. Built-ins: <see cref="CinematicPresets"/>.
/// </summary>
/// <param name="Name">The preset id written to manifests.</param>
/// <param name="Transfer">HU → optical properties.</param>
/// <param name="Texture">Mucosa and vessel pattern.</param>
/// <param name="PhaseG">Henyey–Greenstein g for volume scattering (tissue is forward scattering, 0.8–0.95).</param>
/// <param name="SurfaceProbability">Largest probability of a BRDF event at a strong gradient (Exposure Render's
/// hybrid).</param>
/// <param name="GradientScaleHuPerMm">Gradient magnitude (HU/mm) where the BRDF probability reaches 63 % of its
/// maximum.</param>
/// <param name="ExposureEv">Exposure offset of this look (stops) after auto-exposure.</param>
public sealed record CinematicPreset(
    string Name,
    TransferFunction Transfer,
    TissueTexture Texture,
    float PhaseG = 0.85f,
    float SurfaceProbability = 0.9f,
    float GradientScaleHuPerMm = 150f,
    float ExposureEv = 0f) : IRenderPreset
{
    /// <summary>Throws unless the parameters are usable.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A preset needs a name.", nameof(Name));
        ArgumentNullException.ThrowIfNull(Transfer);
        if (!(PhaseG > -1f && PhaseG < 1f))
            throw new ArgumentException($"Preset '{Name}': g must be in (−1, 1), got {PhaseG}.");
        if (!(SurfaceProbability >= 0f && SurfaceProbability <= 1f))
            throw new ArgumentException($"Preset '{Name}': surface probability must be in [0, 1].");
        if (!(GradientScaleHuPerMm > 0f))
            throw new ArgumentException($"Preset '{Name}': gradient scale must be positive.");
        if (!(Texture.MucosaScaleMm > 0f) || !(Texture.VesselScaleMm > 0f))
            throw new ArgumentException($"Preset '{Name}': texture scales must be positive.");
        if (!float.IsFinite(ExposureEv)) throw new ArgumentException($"Preset '{Name}': exposure must be finite.");
    }

    /// <summary>A texture from its parameters (a convenience for building presets).</summary>
    public static TissueTexture MakeTexture(float mucosaScaleMm, float mucosaContrast, float vesselScaleMm,
        float vesselWidth,
        float vesselStrength, Float3 vesselColour, uint seed) => new()
    {
        MucosaScaleMm = mucosaScaleMm, MucosaContrast = mucosaContrast, VesselScaleMm = vesselScaleMm,
            VesselWidth = vesselWidth,
        VesselStrength = vesselStrength, VesselColour = vesselColour, Seed = seed,
    };
}
