namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// Every parameter of the procedural colon segment (lengths in mm, angles in degrees). Defaults describe an insufflated
/// adult colon segment as seen at colonoscopy: lumen radius 15–35 mm, haustral folds every 20–40 mm between three
/// taeniae, a few polyps of 3–15 mm. The paper (§2.1.1) gives no phantom parameters; these are anatomical textbook
/// values, not the paper's.
/// </summary>
public sealed record ColonPhantomSettings
{
    /// <summary>Centerline length of the segment (mm).</summary>
    public float LengthMm { get; init; } = 240f;
    /// <summary>Centerline sample spacing (mm).</summary>
    public float CenterlineStepMm { get; init; } = 1f;

    /// <summary>Typical curvature of the gentle background bending (1/mm); 0 gives a straight segment.</summary>
    public float BendCurvature { get; init; } = 1f / 150f;
    /// <summary>Tightest allowed bend radius of the centerline (mm); must exceed the largest lumen radius.</summary>
    public float MinBendRadiusMm { get; init; } = 55f;
    /// <summary>Number of flexures (sharp bends like the hepatic or splenic flexure).</summary>
    public int FlexureCount { get; init; } = 1;
    /// <summary>Total turning angle of a flexure: drawn uniformly from this range (degrees).</summary>
    public (float Min, float Max) FlexureAngleDegrees { get; init; } = (50f, 100f);

    /// <summary>Lumen radius range (mm); the radius varies smoothly inside it along the centerline.</summary>
    public (float Min, float Max) RadiusMm { get; init; } = (15f, 35f);
    /// <summary>Typical wavelength of the radius variation along the centerline (mm).</summary>
    public float RadiusWavelengthMm { get; init; } = 90f;

    /// <summary>Number of taeniae coli (longitudinal muscle bands) that bound the folds; 0 gives full-ring
    /// folds.</summary>
    public int TaeniaCount { get; init; } = 3;
    /// <summary>Spacing of successive haustral folds along the centerline (mm), drawn uniformly from this
    /// range.</summary>
    public (float Min, float Max) FoldSpacingMm { get; init; } = (20f, 40f);
    /// <summary>Fold height as a fraction of the local radius, drawn uniformly from this range; (0, 0) disables
    /// folds.</summary>
    public (float Min, float Max) FoldHeightFraction { get; init; } = (0.12f, 0.3f);
    /// <summary>Axial Gaussian half-width (σ) of a fold ridge (mm).</summary>
    public float FoldWidthMm { get; init; } = 2.5f;
    /// <summary>Angular coverage of a fold within its sector between two taeniae (fraction of the sector), drawn from
    /// this range (semilunar, partial folds).</summary>
    public (float Min, float Max) FoldCoverage { get; init; } = (0.6f, 1f);

    /// <summary>Number of polyps.</summary>
    public int PolypCount { get; init; } = 2;
    /// <summary>Polyp head diameter range (mm).</summary>
    public (float Min, float Max) PolypDiameterMm { get; init; } = (3f, 15f);
    /// <summary>Fraction of polyps that are pedunculated (head on a stalk); the rest are sessile.</summary>
    public float PedunculatedFraction { get; init; } = 0.3f;

    /// <summary>Amplitude of the smooth random wall deformation (mm); 0 disables it.</summary>
    public float WallNoiseMm { get; init; } = 0.8f;
    /// <summary>Typical axial wavelength of the wall deformation (mm).</summary>
    public float WallNoiseWavelengthMm { get; init; } = 18f;

    /// <summary>Thickness of the colon wall (soft tissue) in the CT volume (mm).</summary>
    public float WallThicknessMm { get; init; } = 3f;

    /// <summary>A straight tube of constant radius with no folds, polyps or deformation (for analytic tests).</summary>
    public static ColonPhantomSettings StraightTube(float radiusMm, float lengthMm) => new()
    {
        LengthMm = lengthMm, BendCurvature = 0f, FlexureCount = 0, RadiusMm = (radiusMm, radiusMm),
        FoldHeightFraction = (0f, 0f), PolypCount = 0, WallNoiseMm = 0f,
    };

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A range is inverted, a length non-positive, or the bend radius too small for
    /// the lumen.</exception>
    public void Validate()
    {
        static void Range((float Min, float Max) r, string name, float lo, float hi)
        {
            if (!(r.Min >= lo) || !(r.Max >= r.Min) || !(r.Max <= hi))
                throw new ArgumentException($"{name} must satisfy {lo} ≤ min ≤ max ≤ {hi}, got ({r.Min}, "
                + $"{r.Max}).", name);
        }
        if (!(LengthMm > 0) || LengthMm > 2000)
            throw new ArgumentException($"LengthMm must be in (0, 2000], got {LengthMm}.", nameof(LengthMm));
        if (!(CenterlineStepMm > 0) || CenterlineStepMm > 5)
            throw new ArgumentException("CenterlineStepMm must be in (0, 5].", nameof(CenterlineStepMm));
        Range(RadiusMm, nameof(RadiusMm), 1f, 200f);
        if (!(MinBendRadiusMm > RadiusMm.Max * 1.2f))
            throw new ArgumentException($"MinBendRadiusMm ({MinBendRadiusMm}) must exceed 1.2 × the largest radius "
            + $"({RadiusMm.Max}).", nameof(MinBendRadiusMm));
        if (!(BendCurvature >= 0) || !(RadiusWavelengthMm > 0) || !(WallNoiseWavelengthMm > 0) || !(FoldWidthMm > 0)
            || !(WallThicknessMm > 0) || !(WallNoiseMm >= 0))
            throw new ArgumentException("Curvatures, wavelengths, widths and thicknesses must be positive "
                + "(BendCurvature and WallNoiseMm may be 0).");
        if (FlexureCount is < 0 or > 8) throw new ArgumentException("FlexureCount must be in 0..8.",
            nameof(FlexureCount));
        Range(FlexureAngleDegrees, nameof(FlexureAngleDegrees), 0f, 180f);
        if (TaeniaCount is < 0 or > 8) throw new ArgumentException("TaeniaCount must be in 0..8.", nameof(TaeniaCount));
        Range(FoldSpacingMm, nameof(FoldSpacingMm), 1f, 1000f);
        Range(FoldHeightFraction, nameof(FoldHeightFraction), 0f, 0.6f);
        Range(FoldCoverage, nameof(FoldCoverage), 0.05f, 1f);
        if (PolypCount is < 0 or > 64) throw new ArgumentException("PolypCount must be in 0..64.", nameof(PolypCount));
        Range(PolypDiameterMm, nameof(PolypDiameterMm), 0.5f, 60f);
        if (PedunculatedFraction is < 0 or > 1) throw new ArgumentException("PedunculatedFraction must be in [0, 1].",
            nameof(PedunculatedFraction));
    }
}
