using System.Runtime.CompilerServices;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// The forward model's Gaussian sensor noise: a standard normal deviate per (seed, pixel) from an integer hash and the
/// Box–Muller transform, independent of scheduling and launcher.
/// </summary>
internal static class SensorNoise
{
    /// <summary>The per-frame part of the hash chain (computed once per frame, not per pixel).</summary>
    public static uint Key(ulong seed) => Hash((uint)seed ^ Hash((uint)(seed >> 32)));

    /// <summary>A standard normal deviate for pixel <paramref name="index"/> of the frame with <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Gaussian(uint key, uint index)
    {
        var h1 = Hash(index ^ key);
        var h2 = Hash(h1 ^ 0x9E3779B9u);
        var u1 = ((h1 >> 8) + 1) * (1f / 16777217f); // (0, 1]
        var u2 = (h2 >> 8) * (1f / 16777216f);
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }

    /// <summary>PCG-style 32-bit integer hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint v)
    {
        var state = v * 747796405u + 2891336453u;
        var word = ((state >> (int)((state >> 28) + 4u)) ^ state) * 277803737u;
        return (word >> 22) ^ word;
    }
}
