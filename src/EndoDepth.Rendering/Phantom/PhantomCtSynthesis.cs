using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// Turns the phantom's fields into Hounsfield units. With f the lumen field (distance into the lumen) and t the tissue
/// field (distance inside the outer wall surface or inside a polyp), a Gaussian PSF of σ blurs each planar interface
/// into a normal CDF Φ:
/// HU = air·Φ(f/σ) + (1 − Φ(f/σ))·[wall·Φ(t/σ) + fat·(1 − Φ(t/σ))], then optional noise N(0, σₙ²).
/// </summary>
internal static class PhantomCtSynthesis
{
    public static CtVolume Create(ColonPhantom phantom, ColonCtSettings s, CancellationToken ct)
    {
        s.Validate();
        var (min, max) = phantom.WallBounds(phantom.Settings.WallThicknessMm + s.MarginMm);
        var e = max - min;
        var spacing = MathF.Max(s.SpacingMm, MathF.Max(e.X, MathF.Max(e.Y, e.Z)) / (s.MaxDimension - 1));
        int nx = Math.Min(s.MaxDimension, (int)MathF.Ceiling(e.X / spacing) + 1);
        int ny = Math.Min(s.MaxDimension, (int)MathF.Ceiling(e.Y / spacing) + 1);
        int nz = Math.Min(s.MaxDimension, (int)MathF.Ceiling(e.Z / spacing) + 1);
        var hu = new short[(long)nx * ny * nz];
        var thickness = phantom.Settings.WallThicknessMm;
        var invSigma = 1f / s.BlurSigmaMm;
        PhantomGridSampler.Sample(phantom, min, spacing, nx, ny, nz, (idx, f, wall, polyp) =>
        {
            var air = Phi(f * invSigma);
            var tissue = Phi(MathF.Max(wall + thickness, -polyp) * invSigma);
            var v = s.AirHu * air + (1 - air) * (s.WallHu * tissue + s.FatHu * (1 - tissue));
            if (s.NoiseHu > 0)
            {
                var rng = SplitMix64.For(phantom.Seed, idx, 0xC7);
                v += s.NoiseHu * rng.Gaussian();
            }
            hu[idx] = (short)Math.Clamp(MathF.Round(v), short.MinValue, short.MaxValue);
        }, ct);
        return CtVolume.FromInt16(nx, ny, nz, hu, new Float3(spacing, spacing, spacing), min);
    }

    /// <summary>Standard normal CDF via erf (Abramowitz &amp; Stegun 7.1.26, |error| &lt; 1.5·10⁻⁷).</summary>
    internal static float Phi(float x)
    {
        var z = MathF.Abs(x) * 0.70710678f;
        var t = 1f / (1f + 0.3275911f * z);
        var y = 1f - (((((1.061405429f * t - 1.453152027f) * t) + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f)
            * t * MathF.Exp(-z * z);
        return x >= 0 ? 0.5f * (1f + y) : 0.5f * (1f - y);
    }
}
