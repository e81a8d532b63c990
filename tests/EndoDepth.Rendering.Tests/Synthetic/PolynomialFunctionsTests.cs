using System.Runtime.Intrinsics;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Rendering.Synthetic.Kernel;
using Xunit;

namespace EndoDepth.Rendering.Tests.Synthetic;

/// <summary>
/// The polynomial log₂, 2ʸ and cos 2πu against double precision, their eight lanes against their scalar forms bit for
/// bit, and the sensor noise built on them against the standard normal distribution.
/// </summary>
public sealed class PolynomialFunctionsTests
{
    // Arguments drawn uniformly over their bit patterns (every binade equally), 200,000 each.
    private const int Samples = 200_000;

    [Fact]
    public void Log2_is_within_2e_7_of_the_exact_value_over_all_positive_floats()
    {
        var rng = new Random(1);
        for (var i = 0; i < Samples; i++)
        {
            var x = BitConverter.Int32BitsToSingle(rng.Next(1, 0x7F800000)); // subnormals to float.MaxValue
            var exact = Math.Log2(x);
            Assert.True(Math.Abs(PolynomialFunctions.Log2(x) - exact) <= 2e-7 * Math.Max(1, Math.Abs(exact)),
                $"log2({x:R})");
        }
    }

    [Fact]
    public void Exp2_is_within_3e_7_relative_down_to_the_smallest_normal()
    {
        var rng = new Random(2);
        for (var i = 0; i < Samples; i++)
        {
            var y = (float)(-125.9 + 252.8 * rng.NextDouble());
            var exact = Math.Pow(2, y);
            Assert.True(Math.Abs(PolynomialFunctions.Exp2(y) - exact) <= 3e-7 * exact, $"2^{y:R}");
        }
    }

    [Fact]
    public void Cos2Pi_is_within_3e_7()
    {
        var rng = new Random(3);
        for (var i = 0; i < Samples; i++)
        {
            var u = (float)(-4 + 8 * rng.NextDouble());
            Assert.True(Math.Abs(PolynomialFunctions.Cos2Pi(u) - Math.Cos(2 * Math.PI * u)) <= 3e-7, $"cos 2π·{u:R}");
        }
    }

    [Fact]
    public void Exact_at_the_anchors()
    {
        Assert.Equal(0f, PolynomialFunctions.Log2(1f));
        Assert.Equal(-3f, PolynomialFunctions.Log2(0.125f));
        Assert.Equal(1f, PolynomialFunctions.Exp2(0f));
        Assert.Equal(0.25f, PolynomialFunctions.Exp2(-2f));
        Assert.Equal(0f, PolynomialFunctions.Exp2(-130f));
        Assert.Equal(1f, PolynomialFunctions.Cos2Pi(0f), 1e-7f);
        Assert.Equal(-1f, PolynomialFunctions.Cos2Pi(0.5f), 1e-7f);
        Assert.Equal(0f, PolynomialFunctions.Cos2Pi(0.25f));
    }

    [Fact]
    public void Eight_lanes_give_the_scalar_bits()
    {
        var rng = new Random(5);
        for (var round = 0; round < 3000; round++)
        {
            var x = Enumerable.Range(0, 8).Select(_ => MathF.Pow(2f, -140f + 140f * (float)rng.NextDouble())).ToArray();
            var y = Enumerable.Range(0, 8).Select(_ => -130f + 140f * (float)rng.NextDouble()).ToArray();
            var u = Enumerable.Range(0, 8).Select(_ => -3f + 6f * (float)rng.NextDouble()).ToArray();
            var log = PolynomialFunctions.Log2(Vector256.Create(x));
            var exp = PolynomialFunctions.Exp2(Vector256.Create(y));
            var cos = PolynomialFunctions.Cos2Pi(Vector256.Create(u));
            for (var k = 0; k < 8; k++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(PolynomialFunctions.Log2(x[k])),
                    BitConverter.SingleToInt32Bits(log[k]));
                Assert.Equal(BitConverter.SingleToInt32Bits(PolynomialFunctions.Exp2(y[k])),
                    BitConverter.SingleToInt32Bits(exp[k]));
                Assert.Equal(BitConverter.SingleToInt32Bits(PolynomialFunctions.Cos2Pi(u[k])),
                    BitConverter.SingleToInt32Bits(cos[k]));
            }
        }
    }

    [Fact]
    public void Sensor_noise_is_standard_normal_and_its_lanes_are_its_scalar_bits()
    {
        const int n = 200_000;
        var key = SensorNoise.Key(42);
        var z = new double[n];
        for (var i = 0; i < n; i += 8)
        {
            var lanes = SensorNoise.Gaussian(key, i);
            for (var k = 0; k < 8; k++)
            {
                var scalar = SensorNoise.Gaussian(key, (uint)(i + k));
                Assert.Equal(BitConverter.SingleToInt32Bits(scalar), BitConverter.SingleToInt32Bits(lanes[k]));
                z[i + k] = scalar;
            }
        }
        // Against N(0, 1), each within four standard errors of its sample estimate.
        var mean = z.Average();
        var variance = z.Select(v => (v - mean) * (v - mean)).Average();
        var kurtosis = z.Select(v => Math.Pow(v - mean, 4)).Average() / (variance * variance);
        Assert.InRange(mean, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 4 * Math.Sqrt(2.0 / n), 1 + 4 * Math.Sqrt(2.0 / n));
        Assert.InRange(kurtosis, 3 - 4 * Math.Sqrt(24.0 / n), 3 + 4 * Math.Sqrt(24.0 / n));
        foreach (var (k, p) in new[] { (1.0, 0.682689492), (2.0, 0.954499736), (3.0, 0.997300204) }) // Φ(k) − Φ(−k)
        {
            var inside = z.Count(v => Math.Abs(v) < k) / (double)n;
            Assert.InRange(inside, p - 4 * Math.Sqrt(p * (1 - p) / n), p + 4 * Math.Sqrt(p * (1 - p) / n));
        }
    }
}
