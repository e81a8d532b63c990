using EndoDepth.Rendering.Phantom;

namespace EndoDepth.Registration;

/// <summary>
/// Settings of the end-to-end registration trials (<see cref="RegistrationTrials"/>, issue section "End to end").
/// </summary>
public sealed record TrialSettings
{
    /// <summary>Number of trials (one true pose and one perturbed start each). Default 20.</summary>
    public int Count { get; init; } = 20;

    /// <summary>Master seed: the phantom, the true poses, the perturbations and the optimiser. Default 7.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Optical frame width and height (px). Default 128.</summary>
    public int Size { get; init; } = 128;

    /// <summary>Horizontal field of view of the equidistant fisheye (degrees). Default 140.</summary>
    public float FieldOfViewDegrees { get; init; } = 140f;

    /// <summary>Monte Carlo paths per pixel of the cinematic "optical" frames. Default 16.</summary>
    public int SamplesPerPixel { get; init; } = 16;

    /// <summary>Start offset: a random direction at this distance from the true camera centre (mm).
    /// Default 5.</summary>
    public float PerturbationMm { get; init; } = 5f;

    /// <summary>Start rotation: about a random axis by this angle from the true pose (degrees). Default 5.</summary>
    public float PerturbationDegrees { get; init; } = 5f;

    /// <summary>Goal on the translation error (mm). Default 1.</summary>
    public double GoalMm { get; init; } = 1.0;

    /// <summary>Goal on the rotation error (degrees). Default 1.</summary>
    public double GoalDegrees { get; init; } = 1.0;

    /// <summary>The phantom's CT; the library's defaults when null.</summary>
    public ColonCtSettings? Ct { get; init; }

    /// <summary>
    /// When set, the CT registered against is this cone-beam scan of the phantom's CT reconstructed by FDK (noise and
    /// cone-beam artefacts included); when null, the phantom's own CT. Default null.
    /// </summary>
    public ConeBeamSimulation? ConeBeam { get; init; }

    /// <summary>The registration; its defaults when null.</summary>
    public RegistrationSettings? Registration { get; init; }

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Count is < 1 or > 10000) throw new ArgumentException($"Count must be in 1..10000, got {Count}.");
        if (Size is < 16 or > 4096) throw new ArgumentException($"Size must be in 16..4096, got {Size}.");
        if (SamplesPerPixel is < 1 or > 65536)
            throw new ArgumentException($"SamplesPerPixel must be in 1..65536, got {SamplesPerPixel}.");
        if (!(PerturbationMm >= 0) || !(PerturbationDegrees >= 0)
            || !float.IsFinite(PerturbationMm + PerturbationDegrees))
            throw new ArgumentException("Perturbations must be finite and ≥ 0.");
        if (!(GoalMm > 0) || !(GoalDegrees > 0)) throw new ArgumentException("Goals must be positive.");
        Ct?.Validate();
        ConeBeam?.Validate();
        Registration?.Validate();
        if (Registration?.FinalStage?.ImageModel is { } model && model.Seed == Seed)
            throw new ArgumentException($"The cinematic image model's seed equals the frames' seed {Seed}: " +
                "the virtual view would reproduce the frames' own Monte Carlo noise. Give the model another seed.");
    }
}
