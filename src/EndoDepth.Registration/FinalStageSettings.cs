namespace EndoDepth.Registration;

/// <summary>
/// The registration's last stage (<see cref="RegistrationSettings.FinalStage"/>, ours): after the pyramid, the
/// (1+1)-ES and the Levenberg–Marquardt refinement once more at <see cref="Width"/> pixels (at most the frame's), on the
/// grey scale <see cref="Comparison"/>. Why a second grey scale: the display-grey comparison of the pyramid has a
/// smooth, wide basin but its maximum lies off the true pose against path-traced frames (their shading falls off more
/// slowly with distance than inverse-square Lambertian shading); the near-logarithmic linear comparison has its maximum
/// close to the true pose but a narrower, rougher basin. The pyramid finds the basin, this stage the optimum.
/// </summary>
/// <param name="Width">Width (px) of the stage's images; the frame's width when smaller. Default 128.</param>
/// <param name="Comparison">The grey scale compared. Default <see cref="ShadingComparison.LinearPower"/>.</param>
/// <param name="InitialStep">The ES's σ at the start, in the units of <see cref="RegistrationSettings.TranslationStepMm"/>
/// and <see cref="RegistrationSettings.RotationStepDegrees"/>; it stops at the finest level's floor. Default 0.25
/// (0.5 mm and 0.5° at the default units).</param>
public sealed record FinalStageSettings(int Width = 128,
    ShadingComparison Comparison = ShadingComparison.LinearPower, double InitialStep = 0.25)
{
    /// <summary>The similarity of this stage; null: <see cref="RegistrationSettings.Metric"/>. With a metric other
    /// than NCC the stage is the ES alone (the refinement is NCC's). Default null.</summary>
    public SimilarityMetric? Metric { get; init; }

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Width is < 4 or > 4096) throw new ArgumentException($"FinalStage.Width must be in 4..4096, got {Width}.");
        if (!Enum.IsDefined(Comparison)) throw new ArgumentException($"Unknown comparison {Comparison}.");
        if (Metric is { } m && !Enum.IsDefined(m)) throw new ArgumentException($"Unknown metric {m}.");
        if (!(InitialStep > 0) || !double.IsFinite(InitialStep))
            throw new ArgumentException($"FinalStage.InitialStep must be positive, got {InitialStep}.");
    }
}
