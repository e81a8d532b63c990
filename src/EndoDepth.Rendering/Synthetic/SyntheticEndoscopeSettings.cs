namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// Shading, sensor and ray-casting settings of <see cref="SyntheticEndoscope"/>. The paper (§2.1.1) specifies only "a
/// wide-angle monocular camera and two to three light sources that exhibit realistic inverse square law of intensity
/// fall-off"; the reflectance and sensor defaults below are ours (wet mucosa: Lambert plus a narrow specular lobe;
/// a gain that puts a wall 15–50 mm away in the middle of the grey range after gamma 2.2).
/// </summary>
public sealed record SyntheticEndoscopeSettings
{
    /// <summary>Lambertian albedo of the mucosa.</summary>
    public float Albedo { get; init; } = 0.8f;
    /// <summary>Weight of the Blinn–Phong specular lobe (wet mucosa); 0 disables it.</summary>
    public float SpecularStrength { get; init; } = 0.25f;
    /// <summary>Blinn–Phong exponent of the specular lobe.</summary>
    public float Shininess { get; init; } = 40f;
    /// <summary>Vignetting strength v: radiance × (1 − v·(θ/θmax)²); 0 disables it.</summary>
    public float Vignetting { get; init; } = 0.3f;
    /// <summary>Sensor gain applied to the linear radiance (mm⁻² units of the lights' inverse-square law).</summary>
    public float Gain { get; init; } = 80f;
    /// <summary>Display gamma: the output is clamp(value, 0, 1)^(1/γ); 1 keeps it linear.</summary>
    public float Gamma { get; init; } = 2.2f;
    /// <summary>σ of additive Gaussian sensor noise on the linear value (before gamma); 0 disables it.</summary>
    public float NoiseSigma { get; init; } = 0.01f;
    /// <summary>
    /// Seed of the sensor noise for renders not given one (<see cref="SyntheticEndoscope"/>'s
    /// <c>Render(scene, view, cancellationToken)</c> and <c>RenderBatch</c> without seeds).
    /// </summary>
    public ulong NoiseSeed { get; init; }
    /// <summary>Rays that travel further than this (mm) hit nothing (invalid depth, black pixel).</summary>
    public float MaxDistanceMm { get; init; } = 400f;
    /// <summary>
    /// Sphere-tracing step as a fraction of the field value. The baked field is a first-order distance estimate that
    /// can overestimate the distance at fold crests, so steps of a whole field value occasionally jump through a fold's
    /// grazing edge; smaller steps miss fewer such silhouette pixels and cost more lookups (docs/synthetic.md).
    /// </summary>
    public float StepScale { get; init; } = 0.9f;
    /// <summary>Most sphere-tracing steps per ray.</summary>
    public int MaxSteps { get; init; } = 384;
    /// <summary>
    /// Side (pixels) of the blocks of the cone pre-pass that lets each pixel's ray start where its block's cone first
    /// nears the surface; 0 or 1 disables it (every ray starts at the lens). Same depth either way (within 10⁻³ mm).
    /// </summary>
    public int ConeBlockSize { get; init; } = 4;

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is negative, non-finite or out of range.</exception>
    public void Validate()
    {
        if (!(Albedo >= 0) || !(SpecularStrength >= 0) || !(Shininess >= 1) || Vignetting is < 0 or > 1
            || !(Gain >= 0) ||
            !(Gamma > 0) || !(NoiseSigma >= 0) || !(MaxDistanceMm > 0) || MaxSteps is < 1 or > 100_000
                || StepScale is not (> 0.05f and <= 1f) || ConeBlockSize is < 0 or > 64 ||
            !float.IsFinite(Albedo + SpecularStrength + Shininess + Gain + Gamma + NoiseSigma + MaxDistanceMm))
            throw new ArgumentException("Synthetic endoscope settings need non-negative albedo, specular, gain and "
                + "noise, shininess ≥ 1, vignetting in [0, 1], gamma > 0, max distance > 0, 1..100000 steps a cone "
                + "block size in 0..64 and a step scale in (0.05, 1].");
    }
}
