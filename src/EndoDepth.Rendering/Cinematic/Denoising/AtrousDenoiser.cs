using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Rendering.Cinematic.Denoising;

/// <summary>
/// Denoises a path-traced HDR image with an edge-avoiding à-trous wavelet filter (Dammertz, Sewtz, Hanika, Lensch,
/// "Edge-Avoiding À-Trous Wavelet Transform for fast Global Illumination Filtering", HPG 2010) guided by the
/// first-hit features of the depth pass. The illumination is filtered, not the colour: the image is divided by the
/// texture's albedo multiplier first and multiplied by it after (demodulation), so tissue texture, which the features
/// know exactly, stays sharp while the Monte Carlo noise is smoothed. The depth map is not touched.
/// </summary>
internal static class AtrousDenoiser
{
    /// <summary>B3-spline taps (1, 4, 6, 4, 1) / 16 of the à-trous kernel.</summary>
    private static readonly float[] H = [1f / 16, 4f / 16, 6f / 16, 4f / 16, 1f / 16];

    public static ImageF Denoise(ImageF hdr, FirstHitFeatures f, DenoiserSettings settings)
    {
        int w = hdr.Width, h = hdr.Height, n = w * h;
        var light = new Float3[n];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                var c = new Float3(hdr[x, y, 0], hdr[x, y, 1], hdr[x, y, 2]);
                light[i] = c * Inverse(f.Albedo[i]);
            }
        var noise = NoiseStandardDeviation(light, w, h);
        var next = new Float3[n];
        for (var pass = 0; pass < settings.Iterations; pass++)
        {
            var step = 1 << pass;
            // Dammertz et al. §3: the colour edge-stopping width halves at each pass as the noise falls.
            var sigma = settings.ColourSigma * noise / (1 << pass);
            var inv2Sigma2 = sigma > 0f ? 1f / (2f * sigma * sigma) : 0f;
            var src = light;
            Parallel.For(0, h, y =>
            {
                for (var x = 0; x < w; x++) next[y * w + x] = Tap(src, f, x, y, step, inv2Sigma2, settings);
            });
            (light, next) = (next, light);
        }
        var o = new ImageF(w, h, 3);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var c = light[y * w + x] * f.Albedo[y * w + x];
                o[x, y, 0] = c.X; o[x, y, 1] = c.Y; o[x, y, 2] = c.Z;
            }
        return o;
    }

    /// <summary>One output pixel of one pass: Σ h·w·L / Σ h·w over the 5 × 5 taps <paramref name="step"/> apart.
    /// </summary>
    private static Float3 Tap(Float3[] light, FirstHitFeatures f, int x, int y, int step, float inv2Sigma2,
        DenoiserSettings s)
    {
        int w = f.Width, h = f.Height, p = y * w + x;
        var lp = light[p];
        var valid = f.Valid[p];
        var np = f.Normal[p];
        var xp = f.Position[p];
        var planeScale = valid ? 1f / (s.PlaneSigma * xp.Z) : 0f;
        var sum = new Float3(0f, 0f, 0f);
        var weights = 0f;
        for (var dy = -2; dy <= 2; dy++)
        {
            var qy = y + dy * step;
            if ((uint)qy >= (uint)h) continue;
            for (var dx = -2; dx <= 2; dx++)
            {
                var qx = x + dx * step;
                if ((uint)qx >= (uint)w) continue;
                var q = qy * w + qx;
                if (f.Valid[q] != valid) continue; // the wall never mixes with the void beyond it
                var wk = H[dx + 2] * H[dy + 2];
                var lq = light[q];
                var d = Luminance(lq) - Luminance(lp);
                wk *= MathF.Exp(-d * d * inv2Sigma2);
                if (valid && q != p)
                {
                    wk *= MathF.Pow(MathF.Max(0f, Float3.Dot(np, f.Normal[q])), s.NormalPower);
                    wk *= MathF.Exp(-MathF.Abs(Float3.Dot(np, f.Position[q] - xp)) * planeScale);
                }
                sum += lq * wk;
                weights += wk;
            }
        }
        return weights > 0f ? sum / weights : lp;
    }

    /// <summary>
    /// The Monte Carlo noise level of the illumination: the median absolute difference of horizontally adjacent
    /// pixels' luminance, ×1.4826 (normal consistency) ÷ √2 (a difference of two). The demodulated illumination is
    /// smooth, so neighbour differences are mostly noise.
    /// </summary>
    private static float NoiseStandardDeviation(Float3[] light, int w, int h)
    {
        var diffs = new List<float>(w * h);
        for (var y = 0; y < h; y++)
            for (var x = 0; x + 1 < w; x++)
            {
                var a = light[y * w + x];
                var b = light[y * w + x + 1];
                diffs.Add(MathF.Abs(Luminance(a) - Luminance(b)));
            }
        if (diffs.Count == 0) return 0f;
        diffs.Sort();
        return 1.4826f * diffs[diffs.Count / 2] / MathF.Sqrt(2f);
    }

    private static float Luminance(Float3 c) => 0.2126f * c.X + 0.7152f * c.Y + 0.0722f * c.Z;

    private static Float3 Inverse(Float3 a) => new(1f / a.X, 1f / a.Y, 1f / a.Z);
}
