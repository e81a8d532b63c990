using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// The sensor's display gamma x^(1/γ) for x in (0, 1], as 2^(log₂(x)/γ) from <see cref="PolynomialFunctions"/> —
/// a
/// scalar and an eight-lane form with the same bits. Relative error against the exact power 5·10⁻⁷ +
/// 10⁻⁷·|log₂(x)/γ|
/// (y = log₂(x)/γ is held in a float; tested): below 1.5·10⁻⁶ for x ≥ 1/255², far under the 8- and 16-bit
/// outputs' steps.
/// </summary>
internal static class DisplayGamma
{
    /// <summary>x^<paramref name="exponent"/> for 0 &lt; x ≤ 1 (subnormals included) and a positive exponent (0 where
    /// the result is below 2⁻¹²⁶).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Encode(float x, float exponent)
        => PolynomialFunctions.Exp2(exponent * PolynomialFunctions.Log2(x));

    /// <summary><see cref="Encode(float, float)"/> in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Encode(Vector256<float> x, float exponent) =>
        PolynomialFunctions.Exp2(Vector256.Create(exponent) * PolynomialFunctions.Log2(x));
}
