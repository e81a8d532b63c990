using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// The forward model's Gaussian sensor noise: a standard normal deviate per (seed, pixel) from an integer hash and the
/// Box–Muller transform √(−2 ln u₁)·cos 2πu₂ (logarithm and cosine from <see cref="PolynomialFunctions"/>,
/// so that the
/// eight-lane form gives the same bits), independent of scheduling and launcher.
/// </summary>
internal static class SensorNoise
{
    private const float Ln2 = 0.693147181f;

    /// <summary>The per-frame part of the hash chain (computed once per frame, not per pixel).</summary>
    public static uint Key(ulong seed) => Hash((uint)seed ^ Hash((uint)(seed >> 32)));

    /// <summary>A standard normal deviate for pixel <paramref name="index"/> of the frame with
    /// <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Gaussian(uint key, uint index)
    {
        var h1 = Hash(index ^ key);
        var h2 = Hash(h1 ^ 0x9E3779B9u);
        var u1 = ((h1 >> 8) + 1) * (1f / 16777217f); // (0, 1]
        var u2 = (h2 >> 8) * (1f / 16777216f);
        return MathF.Sqrt(-2f * (PolynomialFunctions.Log2(u1) * Ln2)) * PolynomialFunctions.Cos2Pi(u2);
    }

    /// <summary><see cref="Gaussian(uint, uint)"/> for pixels <paramref name="first"/> … <paramref name="first"/> + 7
    /// in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gaussian(uint key, int first)
    {
        var index = Vector256.Create((uint)first) + Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
        var h1 = Hash(index ^ Vector256.Create(key));
        var h2 = Hash(h1 ^ Vector256.Create(0x9E3779B9u));
        var u1 = Vector256.ConvertToSingle(((h1 >> 8) + Vector256<uint>.One).AsInt32())
            * Vector256.Create(1f / 16777217f);
        var u2 = Vector256.ConvertToSingle((h2 >> 8).AsInt32()) * Vector256.Create(1f / 16777216f);
        return Vector256.Sqrt(Vector256.Create(-2f) * (PolynomialFunctions.Log2(u1) * Vector256.Create(Ln2)))
            * PolynomialFunctions.Cos2Pi(u2);
    }

    /// <summary>PCG-style 32-bit integer hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint v)
    {
        var state = v * 747796405u + 2891336453u;
        var word = ((state >> (int)((state >> 28) + 4u)) ^ state) * 277803737u;
        return (word >> 22) ^ word;
    }

    /// <summary><see cref="Hash(uint)"/> in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Hash(Vector256<uint> v)
    {
        var state = v * Vector256.Create(747796405u) + Vector256.Create(2891336453u);
        var word = (Avx2.ShiftRightLogicalVariable(state,
            (state >> 28) + Vector256.Create(4u)) ^ state) * Vector256.Create(277803737u);
        return (word >> 22) ^ word;
    }
}
