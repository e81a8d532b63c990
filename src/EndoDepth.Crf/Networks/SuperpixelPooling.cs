using EndoDepth.Imaging;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Networks;

/// <summary>
/// Superpixel pooling (DCNF-FCSP): the trunk's h×w feature map is upsampled bilinearly to the image's W×H pixels and
/// averaged over each superpixel's pixels. Both steps are linear, so they are one n×(h·w) matrix P whose row p holds
/// (1/|p|) Σ_{x∈p} of pixel x's four bilinear weights; pooled features = P·F (differentiable in F), computed
/// without ever materialising the W×H×C upsampled map.
/// </summary>
public static class SuperpixelPooling
{
    /// <summary>The pooling matrix P (float32, n × h·w, on the CPU).</summary>
    /// <param name="nodeOfPixel">Node of each pixel (row-major, −1 = none).</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="nodes">Number of nodes n.</param>
    /// <param name="featureHeight">h.</param>
    /// <param name="featureWidth">w.</param>
    public static Tensor Matrix(ReadOnlySpan<int> nodeOfPixel, int width, int height, int nodes, int featureHeight,
        int featureWidth)
    {
        if (nodeOfPixel.Length != width * height) throw new ArgumentException($"{nodeOfPixel.Length} labels for " +
            $"{width}×{height} pixels.", nameof(nodeOfPixel));
        int h = featureHeight, w = featureWidth, cells = h * w;
        var m = new float[(long)nodes * cells];
        var count = new int[nodes];
        // Pixel centre x + ½ of W maps to feature coordinate (x + ½)·w/W − ½ (align_corners = false), clamped at
        // the border.
        var (ux0, ux1, fx) = Taps(width, w);
        var (uy0, uy1, fy) = Taps(height, h);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = nodeOfPixel[y * width + x];
                if (p < 0) continue;
                if (p >= nodes) throw new ArgumentException($"Node {p} at ({x}, {y}) is not below the " +
                    $"node count {nodes}.", nameof(nodeOfPixel));
                count[p]++;
                long row = (long)p * cells;
                float ax = fx[x], ay = fy[y];
                m[row + uy0[y] * w + ux0[x]] += (1 - ax) * (1 - ay);
                m[row + uy0[y] * w + ux1[x]] += ax * (1 - ay);
                m[row + uy1[y] * w + ux0[x]] += (1 - ax) * ay;
                m[row + uy1[y] * w + ux1[x]] += ax * ay;
            }
        for (var p = 0; p < nodes; p++)
        {
            if (count[p] == 0) continue;
            var inv = 1f / count[p];
            for (var c = 0; c < cells; c++) m[(long)p * cells + c] *= inv;
        }
        return tensor(m, [nodes, cells]);
    }

    private static (int[] Lo, int[] Hi, float[] Frac) Taps(int pixels, int cells)
    {
        var lo = new int[pixels]; var hi = new int[pixels]; var frac = new float[pixels];
        for (var x = 0; x < pixels; x++)
        {
            var u = Math.Clamp((x + 0.5) * cells / pixels - 0.5, 0, cells - 1);
            lo[x] = (int)Math.Floor(u);
            hi[x] = Math.Min(lo[x] + 1, cells - 1);
            frac[x] = (float)(u - lo[x]);
        }
        return (lo, hi, frac);
    }

    /// <summary>
    /// An image as the trunk's input: 1×3×H′×W′ in [−1, 1] (grey as three equal channels, as the paper),
    /// resized so the longer side is <paramref name="inputSize"/> (area averaging when shrinking, bilinear when
    /// enlarging).
    /// </summary>
    public static Tensor TrunkInput(ImageF image, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var rgb = image.Channels == 3 ? image : image.ToRgb();
        int w = rgb.Width, h = rgb.Height;
        var data = new float[3 * w * h];
        for (var c = 0; c < 3; c++)
        {
            var plane = rgb.Plane(c);
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++) data[(c * h + y) * w + x] = 2f * plane[y * rgb.Stride + x] - 1f;
        }
        var t = tensor(data, [1, 3, h, w]);
        var scale = (double)inputSize / Math.Max(w, h);
        long outW = Math.Max(1, (long)Math.Round(w * scale)), outH = Math.Max(1, (long)Math.Round(h * scale));
        if (outW != w || outH != h)
            t = nn.functional.interpolate(t, [outH, outW],
                mode: scale < 1 ? InterpolationMode.Area : InterpolationMode.Bilinear,
                align_corners: scale < 1 ? null : false);
        return t.MoveToOuterDisposeScope();
    }
}
