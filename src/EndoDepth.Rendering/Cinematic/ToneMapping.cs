using EndoDepth.Imaging;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// HDR → display: exposure (a fixed EV offset, optionally after auto-exposure like an endoscope's gain control), a
/// filmic curve (Narkowicz's fit of the ACES reference tone curve) and display gamma, giving values in [0, 1] ready for
/// an
/// 8-bit PNG.
/// </summary>
/// <param name="ExposureEv">Exposure offset in stops (applied after auto-exposure). Default 0.</param>
/// <param name="AutoExposure">Scale so that the <paramref name="KeyPercentile"/> luminance maps to
/// <paramref name="KeyValue"/> before the curve. Default true.</param>
/// <param name="KeyPercentile">Percentile of pixel luminance used by auto-exposure, in (0, 100]. Default 99.</param>
/// <param name="KeyValue">Linear value the key luminance is mapped to. Default 0.6 (the bright wall near the tip stays
/// below the curve's shoulder, so its colour is kept).</param>
/// <param name="Gamma">Display gamma. Default 2.2.</param>
public sealed record ToneMapping(float ExposureEv = 0f, bool AutoExposure = true, float KeyPercentile = 99f,
    float KeyValue = 0.6f, float Gamma = 2.2f)
{
    /// <summary>The filmic curve: x(2.51x + 0.03) / (x(2.43x + 0.59) + 0.14), clamped to [0, 1].</summary>
    public static float Filmic(float x)
    {
        if (!(x > 0f)) return 0f;
        var y = x * (2.51f * x + 0.03f) / (x * (2.43f * x + 0.59f) + 0.14f);
        return MathF.Min(1f, MathF.Max(0f, y));
    }

    /// <summary>The linear scale applied to <paramref name="hdr"/> before the curve (auto-exposure × 2^EV).</summary>
    public float ExposureScale(ImageF hdr)
    {
        ArgumentNullException.ThrowIfNull(hdr);
        var scale = MathF.Pow(2f, ExposureEv);
        if (!AutoExposure) return scale;
        var n = hdr.Width * hdr.Height;
        var lum = new float[n];
        for (var y = 0; y < hdr.Height; y++)
            for (var x = 0; x < hdr.Width; x++)
                lum[y * hdr.Width + x] = hdr.Channels == 3
                    ? 0.2126f * hdr[x, y, 0] + 0.7152f * hdr[x, y, 1] + 0.0722f * hdr[x, y, 2]
                    : hdr[x, y];
        Array.Sort(lum);
        var key = lum[Math.Clamp((int)(KeyPercentile / 100f * (n - 1)), 0, n - 1)];
        return key > 0f && float.IsFinite(key) ? scale * KeyValue / key : scale;
    }

    /// <summary>Maps a linear HDR image to display values in [0, 1] (same channel count).</summary>
    public ImageF Apply(ImageF hdr)
    {
        ArgumentNullException.ThrowIfNull(hdr);
        var scale = ExposureScale(hdr);
        var o = new ImageF(hdr.Width, hdr.Height, hdr.Channels);
        var invGamma = 1f / Gamma;
        for (var c = 0; c < hdr.Channels; c++)
            for (var y = 0; y < hdr.Height; y++)
                for (var x = 0; x < hdr.Width; x++)
                    o[x, y, c] = MathF.Pow(Filmic(hdr[x, y, c] * scale), invGamma);
        return o;
    }
}
