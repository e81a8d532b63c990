using EndoDepth.Baselines;

namespace EndoDepth.Core.Tests.Baselines;

/// <summary>The two-pass histogram median against sorting.</summary>
public sealed class ExactMedianTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(7, 2)]
    [InlineData(1000, 3)]
    [InlineData(100_001, 4)]
    public void Equals_the_sorted_median(int count, int seed)
    {
        var rng = new Random(seed);
        // Wide range (many top-16-bit buckets) with repeats (ties across the middle).
        var values = Enumerable.Range(0, count)
            .Select(_ => rng.Next(4) == 0 ? 12.5f : (float)Math.Exp(rng.NextDouble() * 12 - 4)).ToArray();
        var sorted = values.Order().ToArray();
        var expected = ((double)sorted[(count - 1) / 2] + sorted[count / 2]) / 2;
        var m = new ExactMedian();
        foreach (var v in values) m.AddFirst(v);
        Assert.True(m.EndFirst());
        Assert.Equal(count, m.Count);
        foreach (var v in values.Reverse()) m.AddSecond(v);
        Assert.Equal(expected, m.Result());
    }

    [Fact]
    public void Two_middle_values_in_different_buckets_are_averaged()
    {
        var m = new ExactMedian();
        float[] values = [1f, 1000f, 2f, 3000f];
        foreach (var v in values) m.AddFirst(v);
        Assert.True(m.EndFirst());
        foreach (var v in values) m.AddSecond(v);
        Assert.Equal(501.0, m.Result());
    }

    [Fact]
    public void No_values_have_no_median_and_non_positive_values_are_refused()
    {
        var m = new ExactMedian();
        Assert.False(m.EndFirst());
        Assert.Throws<ArgumentOutOfRangeException>(() => m.AddFirst(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.AddFirst(float.NaN));
    }
}
