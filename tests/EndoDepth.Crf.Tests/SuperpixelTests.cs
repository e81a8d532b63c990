using EndoDepth.Crf.Features;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

public class SuperpixelTests
{
    private static ImageF Quadrants(int size)
    {
        var img = new ImageF(size, size);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++) img[x, y] = (x < size / 2 ? 0.1f : 0.5f) + (y < size / 2 ? 0f : 0.4f);
        return img;
    }

    [Fact]
    public void Four_superpixels_on_four_uniform_quadrants_are_the_quadrants()
    {
        var seg = Slic.Segment(Quadrants(32), new SlicSettings(Count: 4));
        Assert.Equal(4, seg.Count);
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++)
            {
                // Same label as the quadrant's corner pixel, and every superpixel is a whole quadrant.
                Assert.Equal(seg.Labels[(y < 16 ? 0 : 31) * 32 + (x < 16 ? 0 : 31)], seg.Labels[y * 32 + x]);
                Assert.Equal(16 * 16, seg.PixelCounts[seg.Labels[y * 32 + x]]);
            }
        var g = SuperpixelGraph.FromSegmentation(seg);
        Assert.Equal(4, g.EdgeCount); // a 2×2 grid: 4-neighbour adjacency has no diagonals
    }

    [Fact]
    public void Superpixels_follow_a_disk_boundary_and_are_connected()
    {
        const int s = 48;
        var img = new ImageF(s, s);
        bool Inside(int x, int y) => (x - 20.3) * (x - 20.3) + (y - 26.7) * (y - 26.7) < 13.5 * 13.5;
        for (var y = 0; y < s; y++)
            for (var x = 0; x < s; x++) img[x, y] = Inside(x, y) ? 0.8f : 0.2f;
        var seg = Slic.Segment(img, new SlicSettings(Count: 36, Compactness: 5));
        Assert.InRange(seg.Count, 20, 50);
        for (var l = 0; l < seg.Count; l++)
        {
            int inside = 0, total = 0;
            for (var p = 0; p < s * s; p++)
                if (seg.Labels[p] == l) { total++; if (Inside(p % s, p / s)) inside++; }
            Assert.True(inside == 0 || inside == total, $"superpixel {l} mixes regions: {inside}/{total}");
            Assert.True(IsConnected(seg, l));
        }
    }

    private static bool IsConnected(SuperpixelSegmentation seg, int label)
    {
        var start = Array.IndexOf(seg.Labels, label);
        var seen = new HashSet<int> { start };
        var stack = new Stack<int>([start]);
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            int x = p % seg.Width, y = p / seg.Width;
            foreach (var (nx, ny) in new[] { (x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1) })
                if (nx >= 0 && ny >= 0 && nx < seg.Width && ny < seg.Height
                    && seg.Labels[ny * seg.Width + nx] == label && seen.Add(ny * seg.Width + nx))
                    stack.Push(ny * seg.Width + nx);
        }
        return seen.Count == seg.PixelCounts[label];
    }

    [Fact]
    public void Graph_lists_each_touching_pair_once()
    {
        // 0 0 1
        // 2 2 1
        // 2 3 3
        var seg = new SuperpixelSegmentation(3, 3, [0, 0, 1, 2, 2, 1, 2, 3, 3]);
        var g = SuperpixelGraph.FromSegmentation(seg);
        var pairs = Enumerable.Range(0, g.EdgeCount).Select(e => (g.From[e], g.To[e])).ToList();
        Assert.Equal([(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)], pairs);
        Assert.Equal(0.5f, seg.CentroidY[1]);
        Assert.Equal(2f, seg.CentroidX[1]);
    }

    [Fact]
    public void Ground_truth_depth_is_the_mean_of_valid_pixels_with_a_log_option()
    {
        var seg = new SuperpixelSegmentation(2, 2, [0, 0, 1, 1]);
        var depth = new DepthMap(2, 2, [10f, 20f, 0f, float.NaN]);
        var (d, valid) = SuperpixelDepth.Mean(seg, depth);
        Assert.Equal([15f, 0f], d);
        Assert.Equal([true, false], valid);
        var depth2 = new DepthMap(2, 2, [10f, 20f, 0f, 40f]);
        var (ld, _) = SuperpixelDepth.Mean(seg, depth2, logDepth: true);
        Assert.Equal(MathF.Log(15f), ld[0], 5);
        Assert.Equal(MathF.Log(40f), ld[1], 5);
    }

    [Fact]
    public void Similarities_are_exp_of_minus_gamma_times_feature_distance()
    {
        // Left half 0.2, right half 0.6: the intensity distance is 0.4; the histograms differ in two bins by 1 each.
        var img = new ImageF(4, 2);
        for (var y = 0; y < 2; y++) for (var x = 0; x < 4; x++) img[x, y] = x < 2 ? 0.2f : 0.6f;
        var seg = new SuperpixelSegmentation(4, 2, [0, 0, 1, 1, 0, 0, 1, 1]);
        var g = SuperpixelGraph.FromSegmentation(seg);
        var settings = new PairwiseSettings(IntensityGamma: 2, HistogramGamma: 0.5, HistogramBins: 10, UseLbp: true);
        var f = SuperpixelFeatures.Compute(img, seg, settings);
        var s = PairwiseSimilarities.Compute(f, g, settings);
        Assert.Equal(3, s.Length);
        Assert.Equal(Math.Exp(-2 * 0.4), s[0], 5);
        Assert.Equal(Math.Exp(-0.5 * Math.Sqrt(2)), s[1], 5);
        Assert.InRange(s[2], 0f, 1f);
    }

    [Fact]
    public void Lbp_of_a_flat_image_is_all_ones_code_8_and_of_a_spike_is_0()
    {
        var flat = new float[9];
        Assert.All(LocalBinaryPattern.Compute(flat, 3, 3), c => Assert.Equal(8, c));
        var spike = new float[9]; spike[4] = 1;
        Assert.Equal(0, LocalBinaryPattern.Compute(spike, 3, 3)[4]);
    }
}
