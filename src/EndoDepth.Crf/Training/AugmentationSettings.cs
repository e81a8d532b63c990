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

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(MaxGain >= 1) || !double.IsFinite(MaxGain))
            throw new ArgumentOutOfRangeException(nameof(MaxGain), MaxGain, "At least 1.");
        if (!(MaxGamma >= 1) || !double.IsFinite(MaxGamma))
            throw new ArgumentOutOfRangeException(nameof(MaxGamma), MaxGamma, "At least 1.");
    }
}
