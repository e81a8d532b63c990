using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// The sensor's display gamma x^(1/γ) for x in (0, 1], as 2^(log₂(x)/γ) from polynomials — written once for a scalar and
/// once for eight lanes with the same operations in the same order, so the eight-lane shading pass gives the scalar
/// kernel's bits. Relative error below 10⁻⁶ against the exact power for x ≥ 10⁻⁶ and below 10⁻⁵ down to the subnormals
/// (log₂ x is held in a float; tested), far under the 8- and 16-bit outputs' steps.
/// </summary>
internal static class DisplayGamma
{
    private const float Sqrt2 = 1.41421356f;
    private const float InvLn2 = 1.44269504f;
    private const float Ln2 = 0.693147181f;
    private const float MinNormal = 1.17549435e-38f;
    private const float RoundingMagic = 12582912f; // 1.5·2²³: y + this − this rounds y to a whole number

    /// <summary>x^<paramref name="exponent"/> for 0 &lt; x ≤ 1 (subnormals included) and a positive exponent (0 where the result is below 2⁻¹²⁶).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Encode(float x, float exponent)
    {
        // x = m·2ᵉ with m in [√½, √2): ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172 (5 terms: error < 10⁻⁹).
        // Subnormal x: scaled by 2²⁴ into the normal range first.
        var tiny = x < MinNormal;
        x = tiny ? x * 16777216f : x;
        var bits = BitConverter.SingleToInt32Bits(x);
        var e = (float)((bits >> 23) - 127) - (tiny ? 24f : 0f);
        var m = BitConverter.Int32BitsToSingle((bits & 0x007FFFFF) | 0x3F800000);
        var big = m > Sqrt2;
        m = big ? m * 0.5f : m;
        e = big ? e + 1f : e;
        var s = (m - 1f) / (m + 1f);
        var s2 = s * s;
        var series = 1f + s2 * (1f / 3f + s2 * (1f / 5f + s2 * (1f / 7f + s2 * (1f / 9f))));
        var y = exponent * (e + 2f * s * series * InvLn2); // exponent · log₂ x ≤ 0
        // 2^y = 2ⁿ · e^(f·ln 2), n = round(y), |f| ≤ ½: a degree-7 Taylor polynomial (error < 10⁻⁸).
        var n = y + RoundingMagic - RoundingMagic;
        var u = (y - n) * Ln2;
        var p = 1f + u * (1f + u * (1f / 2f + u * (1f / 6f + u * (1f / 24f + u * (1f / 120f + u * (1f / 720f + u * (1f / 5040f)))))));
        var scale = BitConverter.Int32BitsToSingle(((int)(n > -126f ? n : -126f) + 127) << 23);
        return y > -126f ? p * scale : 0f;
    }

    /// <summary><see cref="Encode(float, float)"/> in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Encode(Vector256<float> x, float exponent)
    {
        var one = Vector256<float>.One;
        var tiny = Vector256.LessThan(x, Vector256.Create(MinNormal));
        x = Vector256.ConditionalSelect(tiny, x * Vector256.Create(16777216f), x);
        var bits = x.AsInt32();
        var e = Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(127)) -
                Vector256.ConditionalSelect(tiny, Vector256.Create(24f), Vector256<float>.Zero);
        var m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
        var big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5f), m);
        e = Vector256.ConditionalSelect(big, e + one, e);
        var s = (m - one) / (m + one);
        var s2 = s * s;
        var series = one + s2 * (Vector256.Create(1f / 3f) + s2 * (Vector256.Create(1f / 5f) + s2 * (Vector256.Create(1f / 7f) + s2 * Vector256.Create(1f / 9f))));
        var y = Vector256.Create(exponent) * (e + Vector256.Create(2f) * s * series * Vector256.Create(InvLn2));
        var magic = Vector256.Create(RoundingMagic);
        var n = y + magic - magic;
        var u = (y - n) * Vector256.Create(Ln2);
        var p = one + u * (one + u * (Vector256.Create(1f / 2f) + u * (Vector256.Create(1f / 6f) + u * (Vector256.Create(1f / 24f) +
                u * (Vector256.Create(1f / 120f) + u * (Vector256.Create(1f / 720f) + u * Vector256.Create(1f / 5040f)))))));
        var low = Vector256.Create(-126f);
        var above = Vector256.GreaterThan(n, low);
        var scale = ((Vector256.ConvertToInt32(Vector256.ConditionalSelect(above, n, low)) + Vector256.Create(127)) << 23).AsSingle();
        return Vector256.ConditionalSelect(Vector256.GreaterThan(y, low), p * scale, Vector256<float>.Zero);
    }
}
