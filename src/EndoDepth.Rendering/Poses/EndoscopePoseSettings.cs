namespace EndoDepth.Rendering.Poses;

/// <summary>
/// Ranges of the random endoscope poses along a phantom's centerline (angles in degrees, lengths in mm), chosen to
/// mimic
/// a real scope: mostly looking along the lumen, sometimes toward the wall, at any roll. The paper only says the
/// endoscope is "placed at a variety of angles and varying conditions to mimic the movement of an actual endoscope"
/// (§2.1.1); the values are ours.
/// </summary>
public sealed record EndoscopePoseSettings
{
    /// <summary>Distance kept from both ends of the segment (mm).</summary>
    public float EndMarginMm { get; init; } = 35f;
    /// <summary>Largest offset of the tip from the axis, as a fraction of the local radius.</summary>
    public float MaxAxisOffsetFraction { get; init; } = 0.6f;
    /// <summary>Smallest distance from the tip to the wall (mm); poses closer than this are redrawn.</summary>
    public float MinWallClearanceMm { get; init; } = 4f;
    /// <summary>Largest angle between the view direction and the (signed) centerline tangent in the usual
    /// case.</summary>
    public float LookJitterDegrees { get; init; } = 25f;
    /// <summary>Probability of looking toward the wall instead of along the lumen.</summary>
    public float WallLookProbability { get; init; } = 0.2f;
    /// <summary>Angle from the tangent when looking toward the wall (drawn uniformly from this range).</summary>
    public (float Min, float Max) WallLookDegrees { get; init; } = (35f, 75f);
    /// <summary>Probability of looking back along the centerline (toward decreasing arc length).</summary>
    public float ReverseProbability { get; init; } = 0.5f;
    /// <summary>Largest roll about the view axis (degrees); 180 means any roll.</summary>
    public float MaxRollDegrees { get; init; } = 180f;

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (!(EndMarginMm >= 0) || MaxAxisOffsetFraction is < 0 or >= 1 || !(MinWallClearanceMm >= 0)
            || LookJitterDegrees is < 0 or > 90 ||
            WallLookProbability is < 0 or > 1 || ReverseProbability is < 0 or > 1 || MaxRollDegrees is < 0 or > 180 ||
            !(WallLookDegrees.Min >= 0) || !(WallLookDegrees.Max >= WallLookDegrees.Min) || WallLookDegrees.Max > 90)
            throw new ArgumentException("Pose settings out of range (fractions in [0, 1), probabilities in [0, 1], "
                + "angles in [0, 90] or roll in [0, 180]).");
    }
}
