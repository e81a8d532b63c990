using EndoDepth.Imaging;
using EndoDepth.Metrics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EndoDepth.Core.Tests.Metrics;

/// <summary>Analytic values and invariants of the metrics.</summary>
public class DepthMetricsTests
{
    [Fact]
    public void A_perfect_prediction_has_zero_error_and_full_accuracy()
    {
        float[] gt = [10, 20, 0, 40];
        var m = DepthMetrics.Compute(gt, gt);
        Assert.Equal(3, m.Count);
        Assert.Equal(0, m.Rel);
        Assert.Equal(0, m.Log10);
        Assert.Equal(0, m.Rms);
        Assert.Equal(0, m.SqRel);
        Assert.Equal(0, m.RmseLog);
        Assert.Equal(1, m.Delta1); Assert.Equal(1, m.Delta3);
    }

    [Fact]
    public void A_one_and_a_half_times_prediction_gives_the_analytic_values()
    {
        // p = 1.5 g: rel = 0.5, log10 = log10 1.5, rms = sqrt((5² + 10²)/2), sq_rel = (25/10 + 100/20)/2,
        // rmse_log = ln 1.5; ratio 1.5 → δ1 = 0 (1.5 ≥ 1.25), δ2 = δ3 = 1 (1.5 < 1.5625).
        float[] gt = [10, 20];
        float[] p = [15, 30];
        var m = DepthMetrics.Compute(p, gt);
        Assert.Equal(0.5, m.Rel, 12);
        Assert.Equal(Math.Log10(1.5), m.Log10, 12);
        Assert.Equal(Math.Sqrt(62.5), m.Rms, 12);
        Assert.Equal(3.75, m.SqRel, 12);
        Assert.Equal(Math.Log(1.5), m.RmseLog, 12);
        Assert.Equal(0, m.Delta1); Assert.Equal(1, m.Delta2); Assert.Equal(1, m.Delta3);
    }

    [Fact]
    public void Median_and_least_squares_alignment_undo_a_global_scale()
    {
        float[] gt = [10, 13, 20, 31, 47];
        var p = gt.Select(g => g * 0.25f).ToArray();
        foreach (var a in new[] { DepthAlignment.Median, DepthAlignment.LeastSquares })
        {
            var m = DepthMetrics.Compute(p, gt, new MetricsOptions { Alignment = a });
            Assert.Equal(4.0, m.Scale, 6);
            Assert.Equal(0, m.Rel, 6);
        }
    }

    [Fact]
    public void Aggregations_differ_as_defined()
    {
        // Image A: 1 pixel with rel 1. Image B: 3 pixels with rel 0. All pixels: 1/4. Mean of images: 1/2.
        var acc = new MetricsAccumulator();
        acc.Add([20f], [10f]);
        acc.Add([5f, 5f, 5f], [5f, 5f, 5f]);
        Assert.Equal(0.25, acc.Result(MetricsAggregation.AllPixels).Rel, 12);
        Assert.Equal(0.5, acc.Result(MetricsAggregation.MeanOfImages).Rel, 12);
        Assert.Equal(4, acc.Result(MetricsAggregation.MeanOfImages).Count);
    }

    [Fact]
    public void Invalid_ground_truth_is_masked_and_missing_predictions_counted()
    {
        var gt = new DepthMap(3, 1, [0f, float.NaN, 10f]);
        var pred = new DepthMap(3, 1, [5f, 5f, 0f]);
        var m = DepthMetrics.Compute(pred, gt);
        Assert.Equal(0, m.Count);
        Assert.Equal(1, m.MissingPredictions);
        Assert.True(double.IsNaN(m.Rel));
        var clamped = DepthMetrics.Compute(pred, gt, new MetricsOptions().WithRange(1, 100));
        Assert.Equal(1, clamped.Count);
        Assert.Equal(0.9, clamped.Rel, 6);
    }

    [Fact]
    public void Parallel_block_sums_equal_the_single_thread_result_bit_for_bit()
    {
        var rng = new Random(9);
        var n = 700 * 500; // 6 blocks of 65536 pixels: the DepthMap path runs them on parallel threads
        var gt = new float[n];
        var p = new float[n];
        for (var i = 0; i < n; i++)
        {
            gt[i] = rng.NextDouble() < 0.1 ? 0f : (float)(1 + 99 * rng.NextDouble());
            p[i] = (float)(1 + 99 * rng.NextDouble());
        }
        var options = new MetricsOptions { Alignment = DepthAlignment.LeastSquares };
        var sequential = DepthMetrics.Compute((ReadOnlySpan<float>)p, gt, options);
        var parallel = DepthMetrics.Compute(new DepthMap(700, 500, (float[])p.Clone()),
            new DepthMap(700, 500, (float[])gt.Clone()), options);
        Assert.Equal(sequential, parallel);
        var acc = new MetricsAccumulator(options);
        Assert.Equal(sequential, acc.Add(new DepthMap(700, 500, p), new DepthMap(700, 500, gt)));
    }

    [Fact]
    public void Bad_options_and_mismatched_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new MetricsAccumulator(new MetricsOptions { MinDepthMm = 5, MaxDepthMm = 5 }));
        Assert.Throws<ArgumentException>(() => DepthMetrics.Compute(new float[2], new float[3]));
        Assert.Throws<ArgumentException>(() => DepthMetrics.Compute(new DepthMap(2, 2), new DepthMap(2, 3)));
    }

    [Property(MaxTest = 200)]
    public Property Median_equals_the_sorted_definition(NonEmptyArray<NormalFloat> values)
    {
        var v = values.Get.Select(x => (float)x.Get).ToArray();
        var sorted = v.Order().ToArray();
        var n = sorted.Length;
        var expected = n % 2 == 1 ? sorted[n / 2] : ((double)sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return (ScaleAlignment.Median(v) == expected).ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property Metrics_are_invariant_to_a_common_scale_except_rms(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        var gt = Enumerable.Range(0, 50).Select(_ => (float)(1 + rng.NextDouble() * 99)).ToArray();
        var p = gt.Select(g => g * (float)Math.Exp(rng.NextDouble() - 0.5)).ToArray();
        var a = DepthMetrics.Compute(p, gt);
        var b = DepthMetrics.Compute(p.Select(x => x * 4).ToArray(), gt.Select(x => x * 4).ToArray());
        return (Math.Abs(a.Rel - b.Rel) < 1e-6 && Math.Abs(a.Log10 - b.Log10) < 1e-6 && a.Delta1 == b.Delta1
                && Math.Abs(4 * a.Rms - b.Rms) < 1e-4 * b.Rms).ToProperty();
    }
}
