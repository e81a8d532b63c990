namespace EndoDepth.Crf.Training;

/// <summary>
/// Training-time augmentation suited to endoscopy: the scope rolls about its optical axis and its image may be
/// mirrored without changing depth, and sensors and light sources differ in gain and response. Geometric changes move
/// the image and its superpixels together; photometric ones change intensities only (the cached similarities are kept).
/// </summary>
/// <param name="FlipHorizontal">Mirror left–right with probability ½.</param>
/// <param name="FlipVertical">Mirror top–bottom with probability ½.</param>
/// <param name="Rotate">Rotate about the image centre (the optical axis) by a uniform angle.</param>
/// <param name="MaxGain">Gain g drawn log-uniformly in [1/MaxGain, MaxGain]; 1 = none.</param>
/// <param name="MaxGamma">Exponent γ drawn log-uniformly in [1/MaxGamma, MaxGamma] (I′ = g·I^γ, clamped); 1 =
/// none.</param>
public sealed record AugmentationSettings(bool FlipHorizontal = true, bool FlipVertical = true, bool Rotate = true,
    double MaxGain = 1.5, double MaxGamma = 1.3)
{
    /// <summary>Flips, rotation about the optical axis, gain ×/÷ 1.5 and gamma ×/÷ 1.3.</summary>
    public static AugmentationSettings Endoscopy { get; } = new();

    /// <summary>
    /// Probability that an example is re-developed through a filmic tone curve (auto-exposure, the ACES fit, display
    /// gamma), as cinematic renderers and game engines develop their images; 0 = never (default). The curve changes
    /// how intensity falls with depth, which gain and gamma alone do not model.
    /// </summary>
    public double ToneCurveProbability { get; init; }

    /// <summary>
    /// Exposure of the tone curve, drawn log-uniformly in [1/MaxExposure, MaxExposure] around the auto-exposed key;
    /// 1 = the key exactly. Default 2.
    /// </summary>
    public double MaxExposure { get; init; } = 2;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(MaxGain >= 1) || !double.IsFinite(MaxGain))
            throw new ArgumentOutOfRangeException(nameof(MaxGain), MaxGain, "At least 1.");
        if (!(MaxGamma >= 1) || !double.IsFinite(MaxGamma))
            throw new ArgumentOutOfRangeException(nameof(MaxGamma), MaxGamma, "At least 1.");
        if (!(ToneCurveProbability is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(ToneCurveProbability), ToneCurveProbability, "In [0, 1].");
        if (!(MaxExposure >= 1) || !double.IsFinite(MaxExposure))
            throw new ArgumentOutOfRangeException(nameof(MaxExposure), MaxExposure, "At least 1.");
    }
}
