using EndoDepth.Randomness;

namespace EndoDepth.Registration.Tests;

/// <summary>NCC and mutual information against their analytic values.</summary>
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
}
