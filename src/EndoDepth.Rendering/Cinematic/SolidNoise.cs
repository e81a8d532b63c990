using System.Runtime.CompilerServices;
using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Solid (3-D) gradient noise in the style of Perlin's improved noise, from an integer lattice hash (no tables, so it
/// runs inside kernels), and its fractal sum. Values are roughly in [−1, 1] with mean 0. Evaluated in the volume's
/// world frame (mm), so a texture is stable across views.
/// </summary>
internal static class SolidNoise
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Fade(float t) => t * t * t * (t * (t * 6f - 15f) + 10f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Grad(uint h, float x, float y, float z)
    {
        // One of the 12 cube-edge gradients (Perlin 2002), chosen by the top 4 bits: cases 12..15 repeat
        // 0, 1, 9 and 11. Branch-free: case c (0..11) is ±u ± v with u = x (c < 8) or y, v = y (c < 4) or z,
        // the signs from bits 0 and 1 (a switch here mispredicts on every call).
        var c = (int)(h >> 28);
        c = c < 12 ? c : (0x0B090100 >> ((c - 12) * 8)) & 0xFF;
        var a = (float)(c >> 3);          // 1 when u = y
        var b = (float)((c + 4) >> 3 & 1); // 1 when v = z (c in 4..11)
        var u = x + (y - x) * a;
        var v = y + (z - y) * b;
        var su = 1f - 2f * (c & 1);
        var sv = 1f - 2f * ((c >> 1) & 1);
        return su * u + sv * v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    /// <summary>Gradient noise at <paramref name="p"/> (lattice spacing 1) for the given seed.</summary>
    public static float Gradient(Float3 p, uint seed)
    {
        var fx = MathF.Floor(p.X); var fy = MathF.Floor(p.Y); var fz = MathF.Floor(p.Z);
        var ix = (int)fx; var iy = (int)fy; var iz = (int)fz;
        var x = p.X - fx; var y = p.Y - fy; var z = p.Z - fz;
        var u = Fade(x); var v = Fade(y); var w = Fade(z);
        // The corner hashes Hash(x·A ⊕ y·B ⊕ z·C ⊕ seed) share their products: (i + 1)·A = i·A + A (mod
        // 2³²).
        var ax0 = (uint)ix * 0x8DA6B343u; var ax1 = ax0 + 0x8DA6B343u;
        var by0 = (uint)iy * 0xD8163841u ^ seed; var by1 = ((uint)iy * 0xD8163841u + 0xD8163841u) ^ seed;
        var cz0 = (uint)iz * 0xCB1AB31Fu; var cz1 = cz0 + 0xCB1AB31Fu;
        var n000 = Grad(PathRandom.Hash(ax0 ^ by0 ^ cz0), x, y, z);
        var n100 = Grad(PathRandom.Hash(ax1 ^ by0 ^ cz0), x - 1f, y, z);
        var n010 = Grad(PathRandom.Hash(ax0 ^ by1 ^ cz0), x, y - 1f, z);
        var n110 = Grad(PathRandom.Hash(ax1 ^ by1 ^ cz0), x - 1f, y - 1f, z);
        var n001 = Grad(PathRandom.Hash(ax0 ^ by0 ^ cz1), x, y, z - 1f);
        var n101 = Grad(PathRandom.Hash(ax1 ^ by0 ^ cz1), x - 1f, y, z - 1f);
        var n011 = Grad(PathRandom.Hash(ax0 ^ by1 ^ cz1), x, y - 1f, z - 1f);
        var n111 = Grad(PathRandom.Hash(ax1 ^ by1 ^ cz1), x - 1f, y - 1f, z - 1f);
        var x00 = Lerp(n000, n100, u); var x10 = Lerp(n010, n110, u);
        var x01 = Lerp(n001, n101, u); var x11 = Lerp(n011, n111, u);
        return Lerp(Lerp(x00, x10, v), Lerp(x01, x11, v), w);
    }

    /// <summary>Fractal sum of <paramref name="octaves"/> octaves (lacunarity 2, gain 0.5), normalised to about [−1,
    /// 1].</summary>
    public static float Fbm(Float3 p, int octaves, uint seed)
    {
        var sum = 0f; var amp = 0.5f; var norm = 0f;
        for (var o = 0; o < octaves; o++)
        {
            sum += amp * Gradient(p, seed + (uint)o * 101u);
            norm += amp;
            p = p * 2.03f;
            amp *= 0.5f;
        }
        return sum / norm;
    }
}
