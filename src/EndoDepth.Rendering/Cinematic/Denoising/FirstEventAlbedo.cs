using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Rendering.Cinematic.Denoising;

/// <summary>
/// The path tracer's first-event albedo AOV of one look: per pixel, the sum of the albedo (colour × texture ×
/// single-scattering albedo, before lighting) at the first real collision of each path that scattered, and how many
/// did. Unlike the opacity-threshold surface's texture, it is the albedo the radiance estimate actually multiplied,
/// so demodulating by it leaves the illumination without texture (the guide renderers such as Open Image Denoise take).
/// </summary>
internal sealed class FirstEventAlbedo
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _samplesPerPixel;
    private readonly float[] _sums;

    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="samplesPerPixel">Paths traced per pixel.</param>
    /// <param name="sums">The kernel's output: planar RGB albedo sums, then the count of paths that scattered.</param>
    public FirstEventAlbedo(int width, int height, int samplesPerPixel, float[] sums)
    {
        if (sums.Length != 4 * width * height)
            throw new ArgumentException($"Expected {4 * width * height} sums, got {sums.Length}.", nameof(sums));
        (_width, _height, _samplesPerPixel, _sums) = (width, height, samplesPerPixel, sums);
    }

    /// <summary>The mean first-event albedo over each pixel's paths that scattered (RGB); 0 where none did.</summary>
    public ImageF Mean()
    {
        int n = _width * _height;
        var o = new ImageF(_width, _height, 3);
        for (var i = 0; i < n; i++)
        {
            var count = _sums[3 * n + i];
            if (!(count > 0f)) continue;
            for (var c = 0; c < 3; c++) o.Data[c * n + i] = _sums[c * n + i] / count;
        }
        return o;
    }

    /// <summary>
    /// The denoiser's albedo guide: the mean over all of a pixel's paths, a path that never scattered counting as
    /// white (the ambient it sees is not modulated), floored at <paramref name="floor"/> so that demodulation stays
    /// bounded.
    /// </summary>
    public Float3[] Guide(float floor)
    {
        int n = _width * _height;
        var guide = new Float3[n];
        var inv = 1f / _samplesPerPixel;
        for (var i = 0; i < n; i++)
        {
            var white = _samplesPerPixel - _sums[3 * n + i];
            guide[i] = new Float3(
                MathF.Max((_sums[i] + white) * inv, floor),
                MathF.Max((_sums[n + i] + white) * inv, floor),
                MathF.Max((_sums[2 * n + i] + white) * inv, floor));
        }
        return guide;
    }
}
