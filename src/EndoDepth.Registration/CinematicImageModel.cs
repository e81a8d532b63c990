using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Registration;

/// <summary>
/// The cinematic image model of the virtual endoscope (issue 16 §3: "the cinematic renderer at low spp"): the view
/// of the CT is the <see cref="CinematicRenderer"/>'s volumetric path trace (paper §2.2, eq. (1)) under
/// <see cref="Look"/> at <see cref="SamplesPerPixel"/> paths per pixel, denoised, instead of the Lambertian
/// iso-surface shading. Every evaluation uses the same path seed (<see cref="Seed"/>: common random numbers), so the
/// virtual view, and with it the registration's objective, is a deterministic function of the pose and the optimiser
/// does not chase Monte Carlo noise. The view's linear luminance (Rec. 709) takes the Lambertian shading's place in the
/// comparison. The look is a guess at the real tissue: against frames rendered with the same look from the same
/// volume (the phantom trials) this model is optimistic compared with real endoscopy (docs/registration.md).
/// </summary>
public sealed record CinematicImageModel
{
    /// <summary>Paths per pixel of each evaluation. Default 2.</summary>
    public int SamplesPerPixel { get; init; } = 2;

    /// <summary>The path seed shared by every evaluation (common random numbers). Default 1. It must differ from the
    /// seed the frames were rendered with when they come from the same renderer, or the virtual view would reproduce
    /// the frames' own noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The look (transfer function, texture, phase function); <see cref="CinematicPresets.PinkMucosa"/> when
    /// null.</summary>
    public CinematicPreset? Look { get; init; }

    /// <summary>Whether the path trace is denoised (<see cref="CinematicSettings.Denoiser"/>, the renderer's default
    /// à-trous filter). Default true.</summary>
    public bool Denoise { get; init; } = true;

    /// <summary>Most scattering events per path (<see cref="CinematicSettings.MaxBounces"/>). Default 5, the
    /// renderer's.</summary>
    public int MaxBounces { get; init; } = 5;

    /// <summary>The look in use.</summary>
    public CinematicPreset EffectiveLook => Look ?? CinematicPresets.PinkMucosa;

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (SamplesPerPixel is < 1 or > 4096)
            throw new ArgumentException($"Image model SamplesPerPixel must be in 1..4096, got {SamplesPerPixel}.");
        if (MaxBounces is < 1 or > 64)
            throw new ArgumentException($"Image model MaxBounces must be in 1..64, got {MaxBounces}.");
        Look?.Validate();
    }
}
