using EndoDepth.Imaging;

namespace EndoDepth.Metrics;

/// <summary>
/// Evaluates a set of predictions image by image and aggregates both ways (<see cref="MetricsAggregation"/>): over all
/// valid pixels of the set (the paper's N) and as the mean of per-image values. Alignment is always per image.
/// Not thread-safe.
/// </summary>
public sealed class MetricsAccumulator
{
    private readonly List<DepthMetrics> _perImage = [];
    private MetricSums _all;

    /// <summary>Creates an empty accumulator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Inconsistent options.</exception>
    public MetricsAccumulator(MetricsOptions? options = null)
    {
        Options = options ?? MetricsOptions.Default;
        Options.Validate();
    }

    /// <summary>The evaluation settings.</summary>
    public MetricsOptions Options { get; }

    /// <summary>
    /// The metrics of each image added, in order (an image without evaluated pixels has NaN metrics, count 0).
    /// </summary>
    public IReadOnlyList<DepthMetrics> PerImage => _perImage;

    /// <summary>Number of images added.</summary>
    public int ImageCount => _perImage.Count;

    /// <summary>Adds one image pair and returns its metrics.</summary>
    /// <exception cref="ArgumentException">The maps differ in size.</exception>
    public DepthMetrics Add(DepthMap prediction, DepthMap groundTruth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (prediction.Width != groundTruth.Width || prediction.Height != groundTruth.Height)
            throw new ArgumentException($"Prediction is {prediction.Width}×{prediction.Height}, ground truth is " +
                $"{groundTruth.Width}×{groundTruth.Height}.", nameof(prediction));
        // Arrays (not spans) let large maps be summed on parallel threads, with the same result bit for bit.
        var scale = ScaleAlignment.Scale(prediction.Millimetres, groundTruth.Millimetres, Options);
        return Record(MetricSums.Of(prediction.Millimetres, groundTruth.Millimetres, Options, scale), scale);
    }

    /// <summary>
    /// Adds one image pair given as raw mm arrays (0 = invalid ground truth) and returns its metrics.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public DepthMetrics Add(ReadOnlySpan<float> prediction, ReadOnlySpan<float> groundTruth)
    {
        if (prediction.Length != groundTruth.Length)
            throw new ArgumentException($"Prediction has {prediction.Length} values, ground truth " +
                $"{groundTruth.Length}.", nameof(prediction));
        var scale = ScaleAlignment.Scale(prediction, groundTruth, Options);
        return Record(MetricSums.Of(prediction, groundTruth, Options, scale), scale);
    }

    private DepthMetrics Record(in MetricSums sums, double scale)
    {
        _all.Add(sums);
        var m = sums.ToMetrics() with { Scale = scale };
        _perImage.Add(m);
        return m;
    }

    /// <summary>
    /// The set's metrics. <see cref="MetricsAggregation.AllPixels"/>: every evaluated pixel weighs the same (means
    /// over the set's N). <see cref="MetricsAggregation.MeanOfImages"/>: the unweighted mean of per-image values over
    /// the images that had evaluated pixels (rms and rmse_log are averaged after their per-image square root).
    /// <see cref="DepthMetrics.Count"/> is N in both cases.
    /// </summary>
    public DepthMetrics Result(MetricsAggregation aggregation = MetricsAggregation.AllPixels)
    {
        if (aggregation == MetricsAggregation.AllPixels) return _all.ToMetrics();
        var used = _perImage.Where(m => m.Count > 0).ToList();
        if (used.Count == 0) return DepthMetrics.Empty with { MissingPredictions = _all.Missing };
        return new DepthMetrics(
            used.Average(m => m.Rel), used.Average(m => m.Log10), used.Average(m => m.Rms), used.Average(m => m.SqRel),
            used.Average(m => m.RmseLog),
            used.Average(m => m.Delta1), used.Average(m => m.Delta2), used.Average(m => m.Delta3),
            _all.Count) { MissingPredictions = _all.Missing };
    }
}
