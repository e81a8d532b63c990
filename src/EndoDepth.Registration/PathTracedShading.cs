using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Registration;

/// <summary>
/// The virtual view of the registration's last refinement rendered by the cinematic path tracer (paper §2.2) instead
/// of the Lambertian iso-surface shading: volumetric surface, sub-surface and multiple scattering, glossy lobe,
/// under the same tip lights. It runs at a few paths per pixel with one fixed seed for every pose (common random
/// numbers: the Monte Carlo noise is the same pattern at every pose, so the similarity stays a smooth function of the
/// pose). The look knows nothing of the specimen's colour or texture: <see cref="Neutral"/> is an untextured grey
/// soft tissue with the library's <see cref="TransferFunction.SoftTissue"/> defaults.
/// </summary>
/// <param name="Look">The look rendered; <see cref="Neutral"/> when null.</param>
/// <param name="SamplesPerPixel">Paths per pixel. Default 4.</param>
/// <param name="Seed">The fixed path-tracing seed. Default 0.</param>
public sealed record PathTracedShading(CinematicPreset? Look = null, int SamplesPerPixel = 4, int Seed = 0)
{
    /// <summary>Untextured grey soft tissue (<see cref="TransferFunction.SoftTissue"/> with its defaults), the
    /// preset's default phase function and surface balance.</summary>
    public static CinematicPreset Neutral { get; } = new("registration-neutral",
        TransferFunction.SoftTissue(new Float3(0.8f, 0.8f, 0.8f)),
        CinematicPreset.MakeTexture(3f, 0f, 6f, 0.05f, 0f, new Float3(0.8f, 0.8f, 0.8f), 1u));

    /// <summary>The look in use.</summary>
    public CinematicPreset LookInUse => Look ?? Neutral;

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (SamplesPerPixel is < 1 or > 4096)
            throw new ArgumentException($"SamplesPerPixel must be in 1..4096, got {SamplesPerPixel}.");
        LookInUse.Validate();
    }
}
