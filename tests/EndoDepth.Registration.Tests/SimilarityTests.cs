using EndoDepth.Randomness;

namespace EndoDepth.Registration.Tests;

/// <summary>NCC, mutual information and the correlation ratio against their analytic values and invariants.</summary>
public sealed class SimilarityTests
{
    private static float[] Noise(int n, long seed)
    {
        var r = SplitMix64.For(seed, 0);
        return Enumerable.Range(0, n).Select(_ => (float)r.NextDouble()).ToArray();
    }

    [Fact]
    public void Ncc_of_an_image_and_an_affine_map_of_it_is_plus_or_minus_one()
    {
        var a = Noise(4096, 1);
        var mask = Enumerable.Repeat(true, a.Length).ToArray();
        Assert.Equal(1.0, ImageSimilarity.Ncc(a, a.Select(v => 3.5f * v + 7f).ToArray(), mask), 5);
        Assert.Equal(-1.0, ImageSimilarity.Ncc(a, a.Select(v => -0.2f * v + 1f).ToArray(), mask), 5);
    }

    [Fact]
    public void Masked_pixels_do_not_count()
    {
        var a = Noise(1000, 2);
        var b = a.Select(v => 2 * v).ToArray();
        var mask = new bool[a.Length];
        for (var i = 0; i < a.Length; i++) mask[i] = i % 3 != 0;
        for (var i = 0; i < a.Length; i += 3) b[i] = 1000f; // garbage where masked
        Assert.Equal(1.0, ImageSimilarity.Ncc(a, b, mask), 5);
    }

    [Fact]
    public void Mi_of_identical_images_is_their_entropy()
    {
        // Four grey levels with frequencies 1/2, 1/4, 1/8, 1/8: H = 1.75 bits = 1.75 ln 2 nats, binned into 4 bins.
        var a = new float[800];
        for (var i = 0; i < a.Length; i++) a[i] = (i % 8) switch { < 4 => 0f, < 6 => 1f, 6 => 2f, _ => 3f };
        var mask = Enumerable.Repeat(true, a.Length).ToArray();
        Assert.Equal(1.75 * Math.Log(2), ImageSimilarity.MutualInformation(a, a, mask, bins: 4), 10);
    }

    [Fact]
    public void Mi_of_independent_images_is_near_zero()
    {
        var n = 1 << 16;
        var mask = Enumerable.Repeat(true, n).ToArray();
        var mi = ImageSimilarity.MutualInformation(Noise(n, 3), Noise(n, 4), mask, bins: 8);
        // Positive bias (bins − 1)² / (2N) ≈ 0.0004 nats.
        Assert.InRange(mi, 0, 0.002);
    }

    [Fact]
    public void Correlation_ratio_is_one_for_any_function_of_the_binned_input()
    {
        // B takes 8 distinct values, each on an eighth of the pixels, so each is one quantile bin of 8: A = any function
        // of B, monotone or not, is fully explained.
        var b = Enumerable.Range(0, 4096).Select(i => (float)(i * 5 % 8)).ToArray();
        var mask = Enumerable.Repeat(true, b.Length).ToArray();
        Assert.Equal(1.0, ImageSimilarity.CorrelationRatio(b.Select(v => MathF.Exp(0.7f * v)).ToArray(), b, mask, 8), 10);
        Assert.Equal(1.0, ImageSimilarity.CorrelationRatio(b.Select(v => MathF.Sin(2 * v)).ToArray(), b, mask, 8), 10);
    }

    [Fact]
    public void Correlation_ratio_ignores_a_monotone_map_of_the_conditioning_image_and_an_affine_map_of_the_other()
    {
        var a = Noise(2048, 6);
        var noise = Noise(2048, 7);
        var b = a.Select((v, i) => v + 0.3f * noise[i]).ToArray();
        var mask = Enumerable.Range(0, a.Length).Select(i => i % 5 != 0).ToArray();
        var eta = ImageSimilarity.CorrelationRatio(a, b, mask);
        Assert.InRange(eta, 0.3, 0.99); // related but not a function
        // A power law or a tone curve of B keeps its ranks, so its quantile bins: the same η² (to float rounding, which
        // can merge neighbouring values); a decreasing map reverses the bins, the same up to where the edges fall.
        Assert.Equal(eta, ImageSimilarity.CorrelationRatio(a, b.Select(v => MathF.Pow(v + 1, 0.63f)).ToArray(), mask), 3);
        Assert.Equal(eta, ImageSimilarity.CorrelationRatio(a, b.Select(v => v / (v + 0.2f)).ToArray(), mask), 3);
        Assert.Equal(eta, ImageSimilarity.CorrelationRatio(a, b.Select(v => -MathF.Log(v + 1)).ToArray(), mask), 2);
        Assert.Equal(eta, ImageSimilarity.CorrelationRatio(a.Select(v => 4 * v - 2).ToArray(), b, mask), 6);
    }

    [Fact]
    public void Correlation_ratio_of_independent_images_is_near_zero()
    {
        var n = 1 << 16;
        var mask = Enumerable.Repeat(true, n).ToArray();
        var eta = ImageSimilarity.CorrelationRatio(Noise(n, 8), Noise(n, 9), mask, bins: 16);
        // Positive bias (bins − 1)/N ≈ 0.0002.
        Assert.InRange(eta, 0, 0.002);
    }

    [Fact]
    public void Correlation_ratio_matches_the_between_bin_variance_share_on_a_hand_made_example()
    {
        // B = 0,0,1,1 (two bins of two), A = 1,3,4,8: ā = 4, total Σ(a−ā)² = 9+1+0+16 = 26; bin means 2 and 6,
        // within Σ = 1+1+4+4 = 10, η² = 1 − 10/26 = 8/13.
        float[] a = [1, 3, 4, 8], b = [0, 0, 1, 1];
        Assert.Equal(8.0 / 13, ImageSimilarity.CorrelationRatio(a, b, [true, true, true, true], 2), 12);
        Assert.Equal(0.0, ImageSimilarity.CorrelationRatio([5, 5, 5], [1, 2, 3], [true, true, true], 2));
    }

    [Fact]
    public void Final_stage_settings_refuse_out_of_range_values_and_take_the_last_stage_metric_threshold()
    {
        Assert.Throws<ArgumentException>(() => new FinalStageSettings { ToneFitDegree = 3 }.Validate());
        Assert.Throws<ArgumentException>(() => new FinalStageSettings { Restarts = -1 }.Validate());
        Assert.Throws<ArgumentException>(() => new FinalStageSettings { Metric = (SimilarityMetric)99 }.Validate());
        var s = new RegistrationSettings();
        Assert.Equal(0.5, s.ConvergedSimilarity);
        Assert.Equal(0.25, (s with { FinalStage = s.FinalStage! with { Metric = SimilarityMetric.CorrelationRatio } })
            .ConvergedSimilarity);
    }
}
