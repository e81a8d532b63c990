using EndoDepth.Geometry;
using EndoDepth.Imaging;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Networks;

/// <summary>
/// The cues the head reads beside the pooled features of each superpixel (n × <see cref="FcspNetSettings.CueCount"/>):
/// three position cues (see <see cref="CueGeometry"/>) and ln of the node's mean linear luminance L = grey^2.2 — the
/// inverse-square shading cue, which an overall gain only shifts.
/// </summary>
public static class SuperpixelCues
{
    /// <summary>
    /// The camera assumed when an image comes without one: a centred pinhole with a 90° horizontal field of view, the
    /// nominal camera of the SimCol3D and C3VD importers.
    /// </summary>
    public static CameraModel AssumedCamera(int width, int height) => CameraModel.Pinhole(width, height, 90f);

    /// <summary>Cues of every node (float32, n × 4, on the CPU).</summary>
    /// <param name="image">The image.</param>
    /// <param name="nodeOfPixel">Node of each pixel (row-major, −1 = none).</param>
    /// <param name="nodes">Number of nodes n.</param>
    /// <param name="centroidX">Centroid x of each node (pixel index units).</param>
    /// <param name="centroidY">Centroid y of each node.</param>
    /// <param name="geometry">How positions are expressed.</param>
    /// <param name="camera">The camera that took the image (any resolution: it is rescaled to the image's); read
    /// only for <see cref="CueGeometry.CameraRay"/>.</param>
    public static Tensor Compute(ImageF image, ReadOnlySpan<int> nodeOfPixel, int nodes,
        IReadOnlyList<float> centroidX, IReadOnlyList<float> centroidY, CueGeometry geometry, CameraModel camera)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(centroidX);
        ArgumentNullException.ThrowIfNull(centroidY);
        var lnLuminance = LogMeanLuminance(image, nodeOfPixel, nodes);
        if (camera.Width != image.Width || camera.Height != image.Height)
            camera = camera.Resized(image.Width, image.Height);
        var cues = new float[nodes * FcspNetSettings.CueCount];
        for (var p = 0; p < nodes; p++)
        {
            var (a, b, c) = geometry == CueGeometry.CameraRay
                ? Ray(camera, centroidX[p], centroidY[p])
                : ImagePosition(image.Width, image.Height, centroidX[p], centroidY[p]);
            cues[p * 4] = a;
            cues[p * 4 + 1] = b;
            cues[p * 4 + 2] = c;
            cues[p * 4 + 3] = lnLuminance[p];
        }
        return tensor(cues, [nodes, FcspNetSettings.CueCount]);
    }

    /// <summary>
    /// (sin θ cos φ, sin θ sin φ, ln cos θ) of the ray through the centroid; cos θ is kept ≥ 0.05.
    /// </summary>
    private static (float, float, float) Ray(CameraModel camera, float x, float y)
    {
        camera.Unproject(x + 0.5f, y + 0.5f, out var d);
        return (d.X, d.Y, MathF.Log(MathF.Max(d.Z, 0.05f)));
    }

    /// <summary>(x, y, radius) from the image centre in units of half the longer side.</summary>
    private static (float, float, float) ImagePosition(int width, int height, float x, float y)
    {
        var half = Math.Max(width, height) / 2.0;
        double dx = (x - (width - 1) / 2.0) / half, dy = (y - (height - 1) / 2.0) / half;
        return ((float)dx, (float)dy, (float)Math.Sqrt(dx * dx + dy * dy));
    }

    /// <summary>(ln(mean L + 10⁻⁴) + 4) / 2 per node: ≈ [−2.6, 2] for grey in [0, 1].</summary>
    private static float[] LogMeanLuminance(ImageF image, ReadOnlySpan<int> nodeOfPixel, int nodes)
    {
        int width = image.Width, height = image.Height;
        var grey = image.ToGrey();
        var sum = new double[nodes]; var count = new int[nodes];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = nodeOfPixel[y * width + x];
                if (p < 0) continue;
                sum[p] += Math.Pow(Math.Clamp(grey.Data[y * grey.Stride + x], 0f, 1f), 2.2);
                count[p]++;
            }
        var ln = new float[nodes];
        for (var p = 0; p < nodes; p++)
            ln[p] = (float)((Math.Log((count[p] > 0 ? sum[p] / count[p] : 0) + 1e-4) + 4) / 2);
        return ln;
    }
}
