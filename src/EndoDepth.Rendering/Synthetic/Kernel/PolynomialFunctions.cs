using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// log₂, 2ʸ and cos 2πu from polynomials, each written once for a scalar and once for eight AVX2 lanes with the
/// same
/// operations in the same order, so that the forward model's eight-lane shading pass reproduces the scalar kernel's
/// bits (the C library's <c>log</c>, <c>pow</c> and <c>cos</c> differ between a scalar call and any vector form).
/// Accuracy (tested against double precision): log₂ within 2·10⁻⁷ absolute, 2ʸ and cos 2πu within 3·10⁻⁷
/// relative.
/// </summary>
internal static class PolynomialFunctions
{
    private const int SqrtHalfBits = 0x3F3504F3; // √½ = 0.70710677
    private const float InvLn2 = 1.44269504f;
    private const float Ln2 = 0.693147181f;
    private const float TwoPi = 6.28318531f;
    private const float MinNormal = 1.17549435e-38f;
    private const float RoundingMagic = 12582912f; // 1.5·2²³: y + this − this rounds y to a whole number

    /// <summary>log₂ x for x &gt; 0 (subnormals included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log2(float x)
    {
        // Subnormal x: scaled by 2²⁴ into the normal range first. Then x = m·2ᵉ with m in [√½, √2) without a
        // branch
        // (e = ⌊log₂(x/√½)⌋ from the bits above √½'s): ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤
        // 0.172 (five
        // terms: error < 10⁻⁹).
        var tiny = x < MinNormal;
        x = tiny ? x * 16777216f : x;
        var bits = BitConverter.SingleToInt32Bits(x);
        var k = (bits - SqrtHalfBits) >> 23;
        var m = BitConverter.Int32BitsToSingle(bits - (k << 23));
        var e = (float)k - (tiny ? 24f : 0f);
        var s = (m - 1f) / (m + 1f);
        var s2 = s * s;
        var series = 1f + s2 * (1f / 3f + s2 * (1f / 5f + s2 * (1f / 7f + s2 * (1f / 9f))));
        return e + 2f * s * series * InvLn2;
    }

    /// <summary>2ʸ for y ≤ 127 (0 where it is below 2⁻¹²⁶).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp2(float y)
    {
        // 2ʸ = 2ⁿ · e^(f·ln 2), n = round(y), |f| ≤ ½: a degree-7 Taylor polynomial (error < 10⁻⁸).
        var n = y + RoundingMagic - RoundingMagic;
        var u = (y - n) * Ln2;
        var p = 1f + u
            * (1f + u *
            (1f / 2f + u * (1f / 6f + u * (1f / 24f + u * (1f / 120f + u * (1f / 720f + u * (1f / 5040f)))))));
        var scale = BitConverter.Int32BitsToSingle(((int)(n > -126f ? n : -126f) + 127) << 23);
        return y > -126f ? p * scale : 0f;
    }

    /// <summary>cos 2πu for finite u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cos2Pi(float u)
    {
        // Reduced to w = |u − round(u)| in [0, ½]; cos 2πw = −sin x with x = 2π(w − ¼) in [−π/2, π/2] (no
        // branch) and
        // an odd Taylor polynomial to x¹³ (error < 10⁻⁹).
        var w = MathF.Abs(u - (u + RoundingMagic - RoundingMagic));
        var x = (w - 0.25f) * TwoPi;
        var x2 = x * x;
        var sin = x
            + x * x2 * (-1f / 6f
            + x2 * (1f / 120f
            + x2 * (-1f / 5040f + x2 * (1f / 362880f + x2 * (-1f / 39916800f + x2 * (1f / 6227020800f))))));
        return -sin;
    }

    /// <summary><see cref="Log2(float)"/> in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log2(Vector256<float> x)
    {
        var one = Vector256<float>.One;
        var tiny = Vector256.LessThan(x, Vector256.Create(MinNormal));
        x = Vector256.ConditionalSelect(tiny, x * Vector256.Create(16777216f), x);
        var bits = x.AsInt32();
        var k = Vector256.ShiftRightArithmetic(bits - Vector256.Create(SqrtHalfBits), 23);
        var m = (bits - (k << 23)).AsSingle();
        var e = Vector256.ConvertToSingle(k) - Vector256.ConditionalSelect(tiny, Vector256.Create(24f),
            Vector256<float>.Zero);
        var s = (m - one) / (m + one);
        var s2 = s * s;
        var series = one
            + s2 * (Vector256.Create(1f / 3f)
            + s2 * (Vector256.Create(1f / 5f) + s2 * (Vector256.Create(1f / 7f) + s2 * Vector256.Create(1f / 9f))));
        return e + Vector256.Create(2f) * s * series * Vector256.Create(InvLn2);
    }

    /// <summary><see cref="Exp2(float)"/> in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp2(Vector256<float> y)
    {
        var one = Vector256<float>.One;
        var magic = Vector256.Create(RoundingMagic);
        var n = y + magic - magic;
        var u = (y - n) * Vector256.Create(Ln2);
        var p = one
            + u * (one + u
            * (Vector256.Create(1f / 2f) + u * (Vector256.Create(1f / 6f) + u * (Vector256.Create(1f / 24f) +
                u * (Vector256.Create(1f / 120f)
                    + u * (Vector256.Create(1f / 720f) + u * Vector256.Create(1f / 5040f)))))));
        var low = Vector256.Create(-126f);
        var scale = ((Vector256.ConvertToInt32(Vector256.ConditionalSelect(Vector256.GreaterThan(n, low), n,
            low)) + Vector256.Create(127)) << 23).AsSingle();
        return Vector256.ConditionalSelect(Vector256.GreaterThan(y, low), p * scale, Vector256<float>.Zero);
    }

    /// <summary><see cref="Cos2Pi(float)"/> in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Cos2Pi(Vector256<float> u)
    {
        var magic = Vector256.Create(RoundingMagic);
        var w = Vector256.Abs(u - (u + magic - magic));
        var x = (w - Vector256.Create(0.25f)) * Vector256.Create(TwoPi);
        var x2 = x * x;
        var sin = x
            + x * x2 * (Vector256.Create(-1f / 6f)
            + x2 * (Vector256.Create(1f / 120f) + x2 * (Vector256.Create(-1f / 5040f) +
                  x2 * (Vector256.Create(1f / 362880f)
                      + x2 * (Vector256.Create(-1f / 39916800f) + x2 * Vector256.Create(1f / 6227020800f))))));
        return -sin;
    }
}
