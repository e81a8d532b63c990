namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// How <see cref="ColonPhantom.CreateCtVolume"/> turns the phantom into a CT colonography volume. HU defaults are
/// textbook values (insufflated lumen −1000, colon wall soft tissue ~40, pericolic fat ~−100); the paper gives
/// none.
/// </summary>
public sealed record ColonCtSettings
{
    /// <summary>Requested isotropic voxel spacing (mm); enlarged if needed to respect
    /// <see cref="MaxDimension"/>.</summary>
    public float SpacingMm { get; init; } = 1f;
    /// <summary>Largest number of voxels along any axis.</summary>
    public int MaxDimension { get; init; } = 256;
    /// <summary>Fat margin around the outer wall inside the volume (mm).</summary>
    public float MarginMm { get; init; } = 10f;
    /// <summary>HU of the lumen (air / CO₂).</summary>
    public float AirHu { get; init; } = -1000f;
    /// <summary>HU of the colon wall and polyps (soft tissue).</summary>
    public float WallHu { get; init; } = 40f;
    /// <summary>HU of the surrounding fat.</summary>
    public float FatHu { get; init; } = -100f;
    /// <summary>σ of the Gaussian point-spread function that produces the partial-volume blur (mm).</summary>
    public float BlurSigmaMm { get; init; } = 0.7f;
    /// <summary>σ of additive Gaussian noise (HU); 0 (the default) gives a noise-free volume.</summary>
    public float NoiseHu { get; init; }

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">Non-positive spacing, blur or dimension, or negative noise.</exception>
    public void Validate()
    {
        if (!(SpacingMm > 0) || MaxDimension is < 8 or > 1024 || !(MarginMm >= 0) || !(BlurSigmaMm > 0)
            || !(NoiseHu >= 0))
            throw new ArgumentException("CT settings need SpacingMm > 0, MaxDimension in 8..1024, MarginMm ≥ 0, "
                + "BlurSigmaMm > 0 and NoiseHu ≥ 0.");
    }
}
