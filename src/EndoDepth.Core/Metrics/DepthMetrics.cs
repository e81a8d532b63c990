using EndoDepth.Imaging;

namespace EndoDepth.Metrics;

/// <summary>
/// The depth-error metrics of one image or one set. Lower is better for the errors, higher for the δ accuracies.
/// With gᵢ the ground truth, pᵢ the (aligned) prediction and N the number of evaluated pixels:
/// <list type="bullet">
/// <item>rel = (1/N) Σ |gᵢ − pᵢ| / gᵢ (the paper's "rel")</item>
/// <item>log10 = (1/N) Σ |log₁₀ gᵢ − log₁₀ pᵢ| (the paper's "log10")</item>
/// <item>rms = √((1/N) Σ (gᵢ − pᵢ)²) in mm (the paper's "rms")</item>
/// <item>sq_rel = (1/N) Σ (gᵢ − pᵢ)² / gᵢ in mm</item>
/// <item>rmse_log = √((1/N) Σ (ln gᵢ − ln pᵢ)²)</item>
/// <item>δₖ = fraction of pixels with max(gᵢ/pᵢ, pᵢ/gᵢ) &lt; 1.25ᵏ, k = 1, 2, 3</item>
/// </list>
/// </summary>
/// <param name="Rel">Mean absolute relative error.</param>
/// <param name="Log10">Mean absolute log₁₀ error.</param>
/// <param name="Rms">Root mean squared error (mm).</param>
/// <param name="SqRel">Mean squared relative error (mm).</param>
/// <param name="RmseLog">Root mean squared natural-log error.</param>
/// <param name="Delta1">Fraction with ratio &lt; 1.25.</param>
/// <param name="Delta2">Fraction with ratio &lt; 1.25².</param>
/// <param name="Delta3">Fraction with ratio &lt; 1.25³.</param>
/// <param name="Count">Number of evaluated pixels N (all images together for a set).</param>
public sealed record DepthMetrics(
    double Rel, double Log10, double Rms, double SqRel, double RmseLog,
    double Delta1, double Delta2, double Delta3, long Count)
{
    /// <summary>
    /// Pixels with valid ground truth in range whose prediction was missing (not finite and positive).
    /// </summary>
    public long MissingPredictions { get; init; }

    /// <summary>The scale applied to the prediction (1 without alignment; for a set, 1 and meaningless).</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>The metrics of an empty evaluation: every value NaN, count 0.</summary>
    public static DepthMetrics Empty { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
        double.NaN, double.NaN, double.NaN, 0);

    /// <summary>Computes the metrics of one prediction against its ground truth.</summary>
    /// <exception cref="ArgumentException">The maps differ in size.</exception>
    public static DepthMetrics Compute(DepthMap prediction, DepthMap groundTruth, MetricsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (prediction.Width != groundTruth.Width || prediction.Height != groundTruth.Height)
            throw new ArgumentException($"Prediction is {prediction.Width}×{prediction.Height}, ground truth is " +
                $"{groundTruth.Width}×{groundTruth.Height}.", nameof(prediction));
        var o = options ?? MetricsOptions.Default;
        o.Validate();
        var scale = ScaleAlignment.Scale(prediction.Millimetres, groundTruth.Millimetres, o);
        return MetricSums.Of(prediction.Millimetres, groundTruth.Millimetres, o, scale)
            .ToMetrics() with { Scale = scale };
    }

    /// <summary>
    /// Computes the metrics from raw arrays in mm; a ground-truth value is valid when finite and &gt; 0 (0 marks
    /// invalid pixels, as in depth files).
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static DepthMetrics Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> groundTruth,
        MetricsOptions? options = null)
    {
        var o = options ?? MetricsOptions.Default;
        o.Validate();
        if (prediction.Length != groundTruth.Length)
            throw new ArgumentException($"Prediction has {prediction.Length} values, ground truth " +
                $"{groundTruth.Length}.", nameof(prediction));
        var scale = ScaleAlignment.Scale(prediction, groundTruth, o);
        return MetricSums.Of(prediction, groundTruth, o, scale).ToMetrics() with { Scale = scale };
    }
}
