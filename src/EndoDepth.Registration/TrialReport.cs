namespace EndoDepth.Registration;

/// <summary>One end-to-end registration trial.</summary>
/// <param name="Index">Trial number.</param>
/// <param name="Converged">The registration's convergence flag.</param>
/// <param name="TranslationErrorMm">Registered vs true camera centre (mm).</param>
/// <param name="RotationErrorDegrees">Registered vs true rotation (degrees).</param>
/// <param name="DepthRel">rel of the registered virtual depth against the exact depth at the true pose (pixels
/// valid in both).</param>
/// <param name="Similarity">The similarity reached.</param>
/// <param name="Evaluations">Virtual views rendered.</param>
/// <param name="Seconds">Wall time of the registration alone.</param>
/// <param name="SimilarityAtTruth">The similarity of the last stage at the true pose: above <paramref
/// name="Similarity"/>, the search missed a better pose; below it, the objective prefers the registered pose.</param>
/// <param name="RollErrorDegrees">The part of the rotation error about the true optical axis (degrees, signed).</param>
public sealed record TrialResult(int Index, bool Converged, double TranslationErrorMm, double RotationErrorDegrees,
    double DepthRel, double Similarity, int Evaluations, double Seconds, double SimilarityAtTruth,
    double RollErrorDegrees);

/// <summary>The end-to-end trials' report (<see cref="RegistrationTrials.Run"/>).</summary>
/// <param name="Settings">The settings run.</param>
/// <param name="Trials">Every trial.</param>
public sealed record TrialReport(TrialSettings Settings, IReadOnlyList<TrialResult> Trials)
{
    /// <summary>Fraction of trials whose registration converged.</summary>
    public double ConvergenceRate => Trials.Count == 0 ? 0 : Trials.Count(t => t.Converged) / (double)Trials.Count;

    /// <summary>Fraction of trials within both pose goals (<see cref="TrialSettings.GoalMm"/>,
    /// <see cref="TrialSettings.GoalDegrees"/>).</summary>
    public double WithinGoalRate => Trials.Count == 0 ? 0 : Trials.Count(t =>
        t.TranslationErrorMm <= Settings.GoalMm && t.RotationErrorDegrees <= Settings.GoalDegrees)
        / (double)Trials.Count;

    /// <summary>Median translation error (mm).</summary>
    public double MedianTranslationErrorMm => Median(Trials.Select(t => t.TranslationErrorMm));

    /// <summary>Median rotation error (degrees).</summary>
    public double MedianRotationErrorDegrees => Median(Trials.Select(t => t.RotationErrorDegrees));

    /// <summary>90th percentile of the translation error (mm; nearest rank).</summary>
    public double Percentile90TranslationErrorMm => Percentile90(Trials.Select(t => t.TranslationErrorMm));

    /// <summary>90th percentile of the rotation error (degrees; nearest rank).</summary>
    public double Percentile90RotationErrorDegrees => Percentile90(Trials.Select(t => t.RotationErrorDegrees));

    /// <summary>Mean depth rel over the trials.</summary>
    public double MeanDepthRel => Trials.Count == 0 ? double.NaN : Trials.Average(t => t.DepthRel);

    /// <summary>Median registration time of one frame (s).</summary>
    public double MedianSeconds => Median(Trials.Select(t => t.Seconds));

    private static double Percentile90(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v[Math.Max(0, (int)Math.Ceiling(0.9 * v.Length) - 1)];
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
