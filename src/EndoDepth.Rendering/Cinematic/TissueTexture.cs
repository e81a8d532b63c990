using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Procedural tissue look: a mottled mucosa (fractal noise modulating brightness and redness) and a branching vessel
/// pattern (thin ridges of noise, two scales) that tints the albedo toward the vessel colour. Evaluated in the volume's
/// world frame (mm), so the pattern stays on the tissue as the camera moves. A value type usable inside kernels.
/// </summary>
public struct TissueTexture
{
    /// <summary>Feature size of the mucosa mottling (mm).</summary>
    public float MucosaScaleMm;
    /// <summary>Relative brightness modulation of the mucosa (0 = flat colour).</summary>
    public float MucosaContrast;
    /// <summary>Feature size of the large vessels (mm); small vessels are 3× finer.</summary>
    public float VesselScaleMm;
    /// <summary>Relative width of the vessel ridges (0 = no vessels; 0.05 thin, 0.15 dense).</summary>
    public float VesselWidth;
    /// <summary>How strongly vessels tint the albedo (0..1).</summary>
    public float VesselStrength;
    /// <summary>Albedo multiplier inside a vessel (dark red for blood).</summary>
    public Float3 VesselColour;
    /// <summary>Noise seed (so presets can differ in pattern as well as in parameters).</summary>
    public uint Seed;

    /// <summary>The albedo multiplier (per channel) at world point <paramref name="p"/> (mm).</summary>
    public readonly Float3 Evaluate(Float3 p)
    {
        var result = new Float3(1f, 1f, 1f);
        if (MucosaContrast > 0f)
        {
            var m = SolidNoise.Fbm(p * (1f / MucosaScaleMm), 3, Seed);
            var b = float.MaxNative(1f + MucosaContrast * m, 0.2f);
            // Brighter patches are slightly yellower, darker ones redder (mottled, inflamed-looking mucosa).
            result = new Float3(b, b * (1f + 0.35f * MucosaContrast * m), b * (1f + 0.25f * MucosaContrast * m));
        }
        if (VesselWidth > 0f && VesselStrength > 0f)
        {
            var q = p * (1f / VesselScaleMm);
            // Domain warp so ridges wander like vessels rather than follow the noise lattice.
            var w = SolidNoise.Gradient(q * 0.5f, Seed + 7u);
            var warp = new Float3(w, -w, 0.5f * w);
            var big = Ridge(SolidNoise.Gradient(q + warp, Seed + 17u), VesselWidth);
            var small = 0.6f * Ridge(SolidNoise.Gradient(q * 3f + warp * 2f, Seed + 23u), VesselWidth * 0.8f);
            var v = float.MinNative(float.MaxNative(big, small), 1f) * VesselStrength;
            result = result * (1f - v) + (result * VesselColour) * v;
        }
        return result;
    }

    /// <summary>
    /// The texture's largest feature size (mm): once a path's footprint is this wide, the prefiltered texture
    /// (<see cref="AverageMultiplier"/>) stands in for the pattern (see <see cref="PathParams.TextureFootprintMm"/>).
    /// </summary>
    public readonly float LargestFeatureMm => MathF.Max(MucosaScaleMm, VesselScaleMm);

    /// <summary>
    /// The mean albedo multiplier (per channel) over space: the texture prefiltered over a footprint much wider than
    /// its
    /// features. The pattern is stationary, so this is the average of <see cref="Evaluate"/> over
    /// <paramref name="samples"/> points drawn uniformly in a cube of 64 largest features (a fixed stream: the same
    /// texture gives the same bytes). Host-side (not for kernels).
    /// </summary>
    public readonly Float3 AverageMultiplier(int samples = 16384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var rng = new PathRandom(Seed, 0x7E57u, 0u);
        var side = 64f * LargestFeatureMm;
        double r = 0, g = 0, b = 0;
        for (var i = 0; i < samples; i++)
        {
            var m = Evaluate(new Float3(rng.NextFloat() * side, rng.NextFloat() * side, rng.NextFloat() * side));
            r += m.X; g += m.Y; b += m.Z;
        }
        return new Float3((float)(r / samples), (float)(g / samples), (float)(b / samples));
    }

    private static float Ridge(float n, float width)
    {
        var t = 1f - MathF.Abs(n) / width;
        if (t <= 0f) return 0f;
        return t * t * (3f - 2f * t);
    }
}
