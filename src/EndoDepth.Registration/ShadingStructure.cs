using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Registration;

/// <summary>
/// What the registration compares: shading structure, not albedo or colour. The optical frame becomes its grey level
/// (Rec. 601 luma: colour and the white balance drop out), the virtual view its Lambertian inverse-square shading
/// through a camera response (auto-exposure, filmic curve, display gamma), both area-averaged to each pyramid level.
/// Under the endoscope's co-located lights the image is dominated by the inverse-square fall-off and the surface
/// orientation, which the virtual shading reproduces; gain, exposure and black level are an affine map of the grey
/// levels, which NCC ignores, and any tone curve is a monotone map, which mutual information ignores. Texture (albedo)
/// is what is left over: it lowers the similarity's peak but does not move it.
/// </summary>
internal static class ShadingStructure
{
    /// <summary>The optical frame's grey level.</summary>
    public static float[] OpticalGrey(ImageF frame) => frame.ToGrey().Data[..(frame.Width * frame.Height)];

    /// <summary>The virtual shading on the optical grey scale: the camera response <paramref name="tone"/> of the
    /// radiance.</summary>
    public static float[] VirtualGrey(ImageF shading, ToneMapping tone) =>
        tone.Apply(shading).Data[..(shading.Width * shading.Height)];

    /// <summary>
    /// The optical frame's linear luminance (Rec. 709 weights) up to the unknown exposure: each display channel taken
    /// back through the camera response <paramref name="tone"/> (display gamma, then the inverse of the filmic curve).
    /// A pixel with a saturated channel (display value ≥ 254.5/255) has no inverse and is marked invalid in
    /// <paramref name="valid"/>.
    /// </summary>
    public static float[] OpticalLinear(ImageF frame, ToneMapping tone, out bool[] valid)
    {
        var n = frame.Width * frame.Height;
        var o = new float[n];
        valid = new bool[n];
        ReadOnlySpan<float> weights = frame.Channels == 3 ? [0.2126f, 0.7152f, 0.0722f] : [1f];
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            var ok = true;
            for (var c = 0; c < weights.Length && ok; c++)
            {
                var display = frame[i % frame.Width, i / frame.Width, c];
                ok = display < 254.5f / 255f && float.IsFinite(display);
                if (ok) sum += weights[c] * InverseFilmic(MathF.Pow(MathF.Max(0f, display), tone.Gamma));
            }
            valid[i] = ok;
            o[i] = ok ? (float)sum : 0f;
        }
        return o;
    }

    /// <summary>The x ≥ 0 with <see cref="ToneMapping.Filmic"/>(x) = y, for y in [0, 1): the positive root of
    /// (2.51 − 2.43y)x² + (0.03 − 0.59y)x − 0.14y = 0.</summary>
    public static float InverseFilmic(float y)
    {
        if (!(y > 0f)) return 0f;
        y = MathF.Min(y, 0.9999f);
        double a = 2.51 - 2.43 * y, b = 0.03 - 0.59 * y, c = -0.14 * y;
        return (float)((-b + Math.Sqrt(b * b - 4 * a * c)) / (2 * a));
    }

    /// <summary>Pixels of <paramref name="camera"/> inside its valid cone.</summary>
    public static bool[] ConeMask(CameraModel camera)
    {
        var m = new bool[camera.Width * camera.Height];
        for (var i = 0; i < m.Length; i++)
            m[i] = camera.Unproject(i % camera.Width + 0.5f, i / camera.Width + 0.5f, out _);
        return m;
    }

    /// <summary>
    /// Area average of a plane to <paramref name="toWidth"/> × <paramref name="toHeight"/>: each output pixel averages
    /// the source pixels whose centres fall inside its footprint (exact box filtering for integer factors).
    /// </summary>
    public static float[] Downsample(ReadOnlySpan<float> plane, int width, int height, int toWidth, int toHeight)
    {
        var o = new float[toWidth * toHeight];
        for (var y = 0; y < toHeight; y++)
        {
            var (y0, y1) = Footprint(y, height, toHeight);
            for (var x = 0; x < toWidth; x++)
            {
                var (x0, x1) = Footprint(x, width, toWidth);
                double sum = 0;
                for (var sy = y0; sy < y1; sy++)
                    for (var sx = x0; sx < x1; sx++) sum += plane[sy * width + sx];
                o[y * toWidth + x] = (float)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return o;
    }

    /// <summary>An output pixel is valid when every source pixel of its footprint is.</summary>
    public static bool[] Downsample(ReadOnlySpan<bool> mask, int width, int height, int toWidth, int toHeight)
    {
        var o = new bool[toWidth * toHeight];
        for (var y = 0; y < toHeight; y++)
        {
            var (y0, y1) = Footprint(y, height, toHeight);
            for (var x = 0; x < toWidth; x++)
            {
                var (x0, x1) = Footprint(x, width, toWidth);
                var all = true;
                for (var sy = y0; sy < y1 && all; sy++)
                    for (var sx = x0; sx < x1 && all; sx++) all = mask[sy * width + sx];
                o[y * toWidth + x] = all;
            }
        }
        return o;
    }

    private static (int Start, int End) Footprint(int i, int from, int to)
    {
        var start = (int)Math.Floor((double)i * from / to);
        var end = Math.Max(start + 1, (int)Math.Floor((double)(i + 1) * from / to));
        return (Math.Min(start, from - 1), Math.Min(end, from));
    }
}
