using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The Henyey–Greenstein phase function p(cos θ) = (1 − g²) / (4π (1 + g² − 2g cos θ)^{3/2}), θ the angle
/// between the
/// propagation directions before and after scattering; g is the mean cosine (g &gt; 0 forward scattering). Sampling is
/// exact (inverse CDF), so the sampling weight p/pdf is 1. Usable inside kernels.
/// </summary>
internal static class HenyeyGreenstein
{
    /// <summary>The phase function value (per steradian).</summary>
    public static float Evaluate(float cosTheta, float g)
    {
        var denom = 1f + g * g - 2f * g * cosTheta;
        return (1f - g * g) / (4f * MathF.PI * denom * MathF.Sqrt(float.MaxNative(denom, 1e-12f)));
    }

    /// <summary>Samples cos θ from p by inverting its CDF at <paramref name="u"/> ∈ [0, 1).</summary>
    public static float SampleCosTheta(float g, float u)
    {
        if (MathF.Abs(g) < 1e-3f) return 1f - 2f * u;
        var s = (1f - g * g) / (1f - g + 2f * g * u);
        var c = (1f + g * g - s * s) / (2f * g);
        return float.MaxNative(float.MinNative(c, 1f), -1f);
    }

    /// <summary>Samples a new propagation direction around <paramref name="direction"/> (unit).</summary>
    public static Float3 Sample(Float3 direction, float g, float u1, float u2)
    {
        var cosTheta = SampleCosTheta(g, u1);
        var sinTheta = MathF.Sqrt(float.MaxNative(1f - cosTheta * cosTheta, 0f));
        var phi = 2f * MathF.PI * u2;
        var frame = new Frame(direction);
        return Float3.Normalize(frame.ToWorld(sinTheta * MathF.Cos(phi), sinTheta * MathF.Sin(phi), cosTheta));
    }
}
