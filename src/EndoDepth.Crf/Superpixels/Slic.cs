using EndoDepth.Imaging;

namespace EndoDepth.Crf.Superpixels;

/// <summary>
/// SLIC superpixels (Achanta et al., "SLIC Superpixels Compared to State-of-the-Art Superpixel Methods", TPAMI 2012):
/// k-means in (intensity, x, y) restricted to a 2S×2S window around each centre, with distance D² = d_c² + (d_s /
/// S)² m², then connectivity enforcement. Works on the image's own channels (grey or RGB) scaled to 0–100.
/// Deterministic.
/// </summary>
public static class Slic
{
    /// <summary>Segments an image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid settings.</exception>
    public static SuperpixelSegmentation Segment(ImageF image, SlicSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int w = image.Width, h = image.Height, np = w * h;
        var f = ScaledIntensities(image);
        var k = Math.Min(settings.Count, np);
        var s = Math.Max(1.0, Math.Sqrt((double)np / k));
        var centres = GridSeeds(f, image.Channels, w, h, s);
        var labels = new int[np];
        var dist = new double[np];
        var invS2m2 = settings.Compactness * settings.Compactness / (s * s);
        for (var it = 0; it < settings.Iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Assign(f, w, h, centres, (int)Math.Ceiling(s), invS2m2, labels, dist);
            UpdateCentres(f, w, h, labels, centres);
        }
        var minSize = Math.Max(1, (int)(s * s / 4));
        return new SuperpixelSegmentation(w, h, EnforceConnectivity(labels, w, h, minSize));
    }

    /// <summary>
    /// The cluster centres: positions and mean intensity per channel (centre i, channel c at i·C + c).
    /// </summary>
    private readonly record struct Centres(double[] X, double[] Y, double[] Intensity, int Channels)
    {
        public int Count => X.Length;
    }

    /// <summary>
    /// Intensities scaled to 0–100 (the CIELAB L range SLIC's compactness is tuned for), dense row-major per channel.
    /// </summary>
    private static float[] ScaledIntensities(ImageF image)
    {
        int w = image.Width, h = image.Height, np = w * h;
        var f = new float[image.Channels * np];
        for (var c = 0; c < image.Channels; c++)
        {
            var plane = image.Plane(c);
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++) f[c * np + y * w + x] = 100f * plane[y * image.Stride + x];
        }
        return f;
    }

    /// <summary>
    /// Seeds on a regular grid of step S, moved to the lowest-gradient pixel of their 3×3 neighbourhood.
    /// </summary>
    private static Centres GridSeeds(float[] f, int nc, int w, int h, double s)
    {
        var np = w * h;
        var seeds = new List<(double X, double Y)>();
        for (var gy = s / 2; gy < h; gy += s)
            for (var gx = s / 2; gx < w; gx += s)
                seeds.Add(LowestGradient(f, nc, w, h, (int)gx, (int)gy));
        var nk = seeds.Count;
        var centres = new Centres(new double[nk], new double[nk], new double[nk * nc], nc);
        for (var i = 0; i < nk; i++)
        {
            centres.X[i] = seeds[i].X; centres.Y[i] = seeds[i].Y;
            var p = (int)seeds[i].Y * w + (int)seeds[i].X;
            for (var c = 0; c < nc; c++) centres.Intensity[i * nc + c] = f[c * np + p];
        }
        return centres;
    }

    /// <summary>
    /// Assignment step: each pixel within a centre's 2S×2S window takes the label of the centre nearest in
    /// D² = d_c² / channels + (d_s / S)² m².
    /// </summary>
    private static void Assign(float[] f, int w, int h, Centres centres, int win, double invS2m2, int[] labels,
        double[] dist)
    {
        int nc = centres.Channels, np = w * h;
        // Mean over channels: an RGB image of three equal channels segments as its grey image.
        var invChannels = 1.0 / nc;
        Array.Fill(dist, double.MaxValue);
        for (var i = 0; i < centres.Count; i++)
        {
            double cx = centres.X[i], cy = centres.Y[i];
            int x0 = Math.Max(0, (int)(cx - win)), x1 = Math.Min(w - 1, (int)(cx + win));
            int y0 = Math.Max(0, (int)(cy - win)), y1 = Math.Min(h - 1, (int)(cy + win));
            for (var y = y0; y <= y1; y++)
                for (var x = x0; x <= x1; x++)
                {
                    var p = y * w + x;
                    double dc = 0;
                    for (var c = 0; c < nc; c++) { var d = f[c * np + p] - centres.Intensity[i * nc + c]; dc += d * d; }
                    double dx = x - cx, dy = y - cy;
                    var dd = dc * invChannels + (dx * dx + dy * dy) * invS2m2;
                    if (dd < dist[p]) { dist[p] = dd; labels[p] = i; }
                }
        }
    }

    /// <summary>Update step: centres move to the means of their pixels (empty clusters keep their centre).</summary>
    private static void UpdateCentres(float[] f, int w, int h, int[] labels, Centres centres)
    {
        int nc = centres.Channels, np = w * h;
        var sum = new double[centres.Count * (nc + 3)];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var p = y * w + x; var b = labels[p] * (nc + 3);
                sum[b] += x; sum[b + 1] += y; sum[b + 2] += 1;
                for (var c = 0; c < nc; c++) sum[b + 3 + c] += f[c * np + p];
            }
        for (var i = 0; i < centres.Count; i++)
        {
            var b = i * (nc + 3);
            if (sum[b + 2] == 0) continue;
            centres.X[i] = sum[b] / sum[b + 2]; centres.Y[i] = sum[b + 1] / sum[b + 2];
            for (var c = 0; c < nc; c++) centres.Intensity[i * nc + c] = sum[b + 3 + c] / sum[b + 2];
        }
    }

    private static (double X, double Y) LowestGradient(float[] f, int nc, int w, int h, int x, int y)
    {
        int np = w * h, bx = x, by = y;
        var best = double.MaxValue;
        for (var yy = Math.Max(1, y - 1); yy <= Math.Min(h - 2, y + 1); yy++)
            for (var xx = Math.Max(1, x - 1); xx <= Math.Min(w - 2, x + 1); xx++)
            {
                double g = 0;
                for (var c = 0; c < nc; c++)
                {
                    var o = c * np;
                    double gx = f[o + yy * w + xx + 1] - f[o + yy * w + xx - 1];
                    double gy = f[o + (yy + 1) * w + xx] - f[o + (yy - 1) * w + xx];
                    g += gx * gx + gy * gy;
                }
                if (g < best) { best = g; bx = xx; by = yy; }
            }
        return (bx, by);
    }

    /// <summary>
    /// Relabels connected components in raster order; a component smaller than <paramref name="minSize"/> joins the
    /// component adjacent to its first pixel (SLIC's post-processing). Returns labels 0…n−1.
    /// </summary>
    internal static int[] EnforceConnectivity(int[] labels, int w, int h, int minSize)
    {
        var np = w * h;
        var outL = new int[np];
        Array.Fill(outL, -1);
        var queue = new int[np];
        var next = 0;
        ReadOnlySpan<int> dx = [-1, 1, 0, 0], dy = [0, 0, -1, 1];
        for (var start = 0; start < np; start++)
        {
            if (outL[start] >= 0) continue;
            int sx = start % w, sy = start / w;
            // An already labelled neighbour to merge into if this component is too small.
            var adjacent = -1;
            for (var d = 0; d < 4; d++)
            {
                int nx = sx + dx[d], ny = sy + dy[d];
                if (nx < 0 || nx >= w || ny < 0 || ny >= h || outL[ny * w + nx] < 0) continue;
                adjacent = outL[ny * w + nx];
                break;
            }
            int head = 0, tail = 0;
            queue[tail++] = start; outL[start] = next;
            while (head < tail)
            {
                var p = queue[head++];
                int px = p % w, py = p / w;
                for (var d = 0; d < 4; d++)
                {
                    int nx = px + dx[d], ny = py + dy[d];
                    if (nx < 0 || nx >= w || ny < 0 || ny >= h) continue;
                    var q = ny * w + nx;
                    if (outL[q] < 0 && labels[q] == labels[start]) { outL[q] = next; queue[tail++] = q; }
                }
            }
            if (tail < minSize && adjacent >= 0)
                for (var i = 0; i < tail; i++) outL[queue[i]] = adjacent;
            else next++;
        }
        return outL;
    }
}
