namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// One semilunar lobe of a haustral fold: a ridge across the wall between two taeniae that narrows the lumen by
/// <see cref="HeightMm"/> at its crest, with a Gaussian axial profile and a cos² angular profile that vanishes at
/// the edges of its angular extent (so folds stop at the taeniae).
/// </summary>
/// <param name="ArcLengthMm">Position of the crest along the centerline (mm).</param>
/// <param name="CenterAngle">Angle of the crest's middle around the axis (radians, from the frame normal).</param>
/// <param name="HalfExtent">Half of the angular extent (radians); π means a full ring.</param>
/// <param name="HeightMm">How far the crest reaches into the lumen (mm).</param>
/// <param name="WidthMm">Axial Gaussian σ of the ridge (mm).</param>
public readonly record struct HaustralFold(float ArcLengthMm, float CenterAngle, float HalfExtent, float HeightMm,
    float WidthMm)
{
    /// <summary>Inward displacement of the wall (mm) at arc length <paramref name="s"/> and angle
    /// <paramref name="phi"/>.</summary>
    public float Displacement(float s, float phi)
    {
        var x = (s - ArcLengthMm) / WidthMm;
        if (x * x > 16f) return 0f;
        var d = phi - CenterAngle;
        d -= 2 * MathF.PI * MathF.Round(d / (2 * MathF.PI)); // wrap to [-π, π]
        if (MathF.Abs(d) >= HalfExtent) return 0f;
        var c = HalfExtent >= MathF.PI ? 1f : MathF.Cos(0.5f * MathF.PI * d / HalfExtent);
        return HeightMm * MathF.Exp(-0.5f * x * x) * c * c;
    }
}
