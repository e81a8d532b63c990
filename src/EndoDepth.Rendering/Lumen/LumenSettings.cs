namespace EndoDepth.Rendering.Lumen;

/// <summary>
/// How the lumen of a CT colonography volume is found and its centerline traced. The paper does not describe this
/// step (it renders "inside" CT colonography); the values are ours.
/// </summary>
public sealed record LumenSettings
{
    /// <summary>Voxels below this HU are lumen air (insufflated colon ≈ −1000; soft tissue ≈ 0–60). Default
    /// −600.</summary>
    public float AirThresholdHu { get; init; } = -600f;

    /// <summary>
    /// Most voxels of the working grid: the volume is reduced by an integer block factor until it fits (block mean HU).
    /// Default 2 M.
    /// </summary>
    public long MaxWorkingVoxels { get; init; } = 2_000_000;

    /// <summary>
    /// Skip air components that touch the in-plane (i or j) borders: the air around the patient. Falls back to the
    /// largest component when every component touches them. Default true.
    /// </summary>
    public bool ExcludeOutsideAir { get; init; } = true;

    /// <summary>Exponent p of the centerline cost step / (DT + ε)^p that keeps the path away from the wall. Default
    /// 2.</summary>
    public float CenteringExponent { get; init; } = 2f;

    /// <summary>Window (mm) of the moving average that smooths the traced path. Default 8.</summary>
    public float SmoothingMm { get; init; } = 8f;

    /// <summary>Arc-length spacing of the resampled centerline (mm). Default 1.</summary>
    public float StepMm { get; init; } = 1f;

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (!float.IsFinite(AirThresholdHu)) throw new ArgumentException("The air threshold must be finite.");
        if (MaxWorkingVoxels < 1000) throw new ArgumentException("The working grid needs at least 1000 voxels.");
        if (!(CenteringExponent >= 0f)) throw new ArgumentException("The centering exponent must be ≥ 0.");
        if (!(SmoothingMm >= 0f) || !(StepMm > 0f))
            throw new ArgumentException("Smoothing must be ≥ 0 and the step > 0 (mm).");
    }
}
