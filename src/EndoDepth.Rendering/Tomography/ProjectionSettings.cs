namespace EndoDepth.Rendering.Tomography;

/// <summary>How <see cref="ForwardProjector"/> simulates a scan of a HU volume.</summary>
public sealed record ProjectionSettings
{
    /// <summary>HU → μ; water 0.0193/mm, air 0 by default (<see cref="HuCalibration.Default"/>).</summary>
    public HuCalibration Calibration { get; init; } = HuCalibration.Default;

    /// <summary>Unattenuated photons per detector pixel N₀; 0 (the default) gives noise-free line integrals, otherwise
    /// each is replaced by −ln(max(N, 1)/N₀) with N ~ Poisson(N₀·e^(−p)).</summary>
    public double Photons { get; init; }

    /// <summary>Seed of the Poisson noise (one stream per view, derived with <see cref="Randomness.Seed"/>).</summary>
    public int Seed { get; init; }
}
