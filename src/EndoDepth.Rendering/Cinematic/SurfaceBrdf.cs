using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The BRDF used at strong gradients (tissue boundaries): Lambert diffuse, scaled by (1 − F(cos θo)), plus a GGX
/// microfacet specular lobe (Trowbridge–Reitz D, separable Smith G, Schlick F) for the wet-mucosa highlights.
/// Sampling
/// picks a lobe and returns f·cos θi / pdf with the mixture pdf. Directions: <c>n</c> the unit normal, <c>wo</c>
/// toward
/// the viewer, <c>wi</c> toward the light, all unit. Usable inside kernels.
/// </summary>
internal static class SurfaceBrdf
{
    private const float InvPi = 1f / MathF.PI;

    /// <summary>Schlick's Fresnel approximation F0 + (1 − F0)(1 − cos)⁵.</summary>
    public static float Fresnel(float f0, float cosTheta)
    {
        var m = float.MaxNative(1f - cosTheta, 0f);
        var m2 = m * m;
        return f0 + (1f - f0) * m2 * m2 * m;
    }

    /// <summary>GGX normal distribution D(h) for cos θh and width α.</summary>
    public static float Ggx(float cosH, float alpha)
    {
        var a2 = alpha * alpha;
        var d = cosH * cosH * (a2 - 1f) + 1f;
        return a2 / (MathF.PI * d * d);
    }

    /// <summary>Smith's masking G1 for GGX.</summary>
    public static float SmithG1(float cosTheta, float alpha)
    {
        var a2 = alpha * alpha;
        return 2f * cosTheta / (cosTheta + MathF.Sqrt(a2 + (1f - a2) * cosTheta * cosTheta));
    }

    /// <summary>Probability of sampling the specular lobe for the view cosine <paramref name="cosO"/>.</summary>
    public static float SpecularProbability(SurfaceMaterial m, float cosO) =>
        m.Specular <= 0f ? 0f : float.MinNative(float.MaxNative(2f * Fresnel(m.Specular, cosO), 0.15f), 0.9f);

    /// <summary>The GGX width α = r² of a material (r clamped to [0.02, 1]).</summary>
    public static float Alpha(SurfaceMaterial m)
    {
        var r = float.MaxNative(float.MinNative(m.Roughness, 1f), 0.02f);
        return r * r;
    }

    /// <summary>f(wo, wi)·cos θi per channel, and the sampling pdf of wi (solid angle) in
    /// <paramref name="pdf"/>.</summary>
    public static Float3 Evaluate(SurfaceMaterial m, Float3 n, Float3 wo, Float3 wi, out float pdf)
    {
        var cosO = Float3.Dot(n, wo);
        var cosI = Float3.Dot(n, wi);
        pdf = 0f;
        if (cosO <= 0f || cosI <= 0f) return Float3.Zero;
        var fo = m.Specular > 0f ? Fresnel(m.Specular, cosO) : 0f; // no specular layer: plain Lambert
        var ps = SpecularProbability(m, cosO);
        var diffuse = m.Albedo * ((1f - fo) * InvPi * cosI);
        pdf = (1f - ps) * cosI * InvPi;
        if (ps <= 0f) return diffuse;
        var h = Float3.Normalize(wo + wi);
        var cosH = Float3.Dot(n, h);
        var oh = float.MaxNative(Float3.Dot(wo, h), 1e-6f);
        var alpha = Alpha(m);
        var d = Ggx(cosH, alpha);
        var g = SmithG1(cosO, alpha) * SmithG1(cosI, alpha);
        var spec = d * g * Fresnel(m.Specular, oh) / (4f * cosO); // ·cosI cancels the 1/cosI
        pdf += ps * d * cosH / (4f * oh);
        return diffuse + new Float3(spec, spec, spec);
    }

    /// <summary>
    /// Samples wi; returns false when the sample leaves the hemisphere. <paramref name="weight"/> = f·cos θi / pdf.
    /// </summary>
    public static bool Sample(SurfaceMaterial m, Float3 n, Float3 wo, float u0, float u1, float u2, out Float3 wi,
        out Float3 weight)
    {
        var cosO = Float3.Dot(n, wo);
        weight = Float3.Zero;
        wi = n;
        if (cosO <= 0f) return false;
        var ps = SpecularProbability(m, cosO);
        var frame = new Frame(n);
        var phi = 2f * MathF.PI * u2;
        if (u0 < ps)
        {
            var a2 = Alpha(m) * Alpha(m);
            var cosH = MathF.Sqrt((1f - u1) / (1f + (a2 - 1f) * u1));
            var sinH = MathF.Sqrt(float.MaxNative(1f - cosH * cosH, 0f));
            var h = frame.ToWorld(sinH * MathF.Cos(phi), sinH * MathF.Sin(phi), cosH);
            wi = h * (2f * Float3.Dot(wo, h)) - wo;
        }
        else
        {
            var r = MathF.Sqrt(u1); // cosine-weighted hemisphere
            wi = frame.ToWorld(r * MathF.Cos(phi), r * MathF.Sin(phi), MathF.Sqrt(float.MaxNative(1f - u1, 0f)));
        }
        wi = Float3.Normalize(wi);
        var f = Evaluate(m, n, wo, wi, out var pdf);
        if (!(pdf > 1e-8f)) return false;
        weight = f / pdf;
        return true;
    }
}
