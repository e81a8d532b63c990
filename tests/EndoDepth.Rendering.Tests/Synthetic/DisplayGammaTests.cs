using System.Runtime.Intrinsics;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Rendering.Synthetic.Kernel;
using Xunit;

namespace EndoDepth.Rendering.Tests.Synthetic;

/// <summary>
/// The polynomial display gamma against the exact power (double precision), and its eight lanes against its scalar
/// form.
/// </summary>
public sealed class DisplayGammaTests
{
    [Fact]
    public void Encoding_is_the_power_within_a_millionth()
    {
        // x drawn uniformly over the bit patterns of (0, 1] (every binade equally), γ over 1…3.
        var rng = new Random(4);
        for (var i = 0; i < 200_000; i++)
        {
            var x = BitConverter.Int32BitsToSingle(rng.Next(1, 0x3F800001));
            var gamma = 1f + 2f * (float)rng.NextDouble();
            var exact = Math.Pow(x, 1.0 / gamma);
            var got = DisplayGamma.Encode(x, 1f / gamma);
            // y = log₂(x)/γ is held in a float: its rounding (2⁻²⁴·|y|, times ln 2 in 2ʸ) adds to the polynomials'
            // 5·10⁻⁷.
            var tolerance = 5e-7 + 1e-7 * Math.Abs(Math.Log2(x) / gamma);
            Assert.True(exact < 1.2e-38 ? got <= 1.2e-38f : Math.Abs(got - exact) <= tolerance * exact,
                $"{x:R}^(1/{gamma:R})");
        }
    }

    [Fact]
    public void Encoding_is_exact_at_one_and_matches_the_power_at_the_edges()
    {
        Assert.Equal(1f, DisplayGamma.Encode(1f, 1f / 2.2f));
        // Down to 1/255².
        foreach (var x in new[] { 1f / 65025f, 1f / 255f, 0.5f, 0.70710677f, 0.70710683f, 0.99999994f })
            Assert.Equal(Math.Pow(x, 1 / 2.2), DisplayGamma.Encode(x, 1f / 2.2f), 1.5e-6 * Math.Pow(x, 1 / 2.2));
        foreach (var x in new[] { 1e-44f, 1e-38f, 1e-20f, 1e-7f }) // subnormal and tiny: log₂ x ≈ −146 … −23 in a float
            Assert.Equal(Math.Pow(x, 1 / 2.2), DisplayGamma.Encode(x, 1f / 2.2f), 1e-5 * Math.Pow(x, 1 / 2.2));
        Assert.Equal(0f, DisplayGamma.Encode(1e-30f, 10f)); // (10⁻³⁰)¹⁰: below the smallest normal float
        // y = 10·log₂ x ≈ −100
        Assert.Equal(Math.Pow(1e-3, 10), DisplayGamma.Encode(1e-3f, 10f), 1e-5 * Math.Pow(1e-3, 10));
    }

    [Fact]
    public void Eight_lanes_give_the_scalar_bits()
    {
        var rng = new Random(3);
        for (var round = 0; round < 2000; round++)
        {
            var xs = Enumerable.Range(0, 8)
                .Select(_ => round % 2 == 0 ? (float)rng.NextDouble() : MathF.Pow(10f, -38f * (float)rng.NextDouble()))
                .ToArray();
            var exponent = 0.2f + 3f * (float)rng.NextDouble();
            var lanes = DisplayGamma.Encode(Vector256.Create(xs), exponent);
            for (var k = 0; k < 8; k++)
                Assert.Equal(BitConverter.SingleToInt32Bits(DisplayGamma.Encode(xs[k], exponent)),
                    BitConverter.SingleToInt32Bits(lanes[k]));
        }
    }
}
