using EndoDepth.Crf.Training;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

/// <summary>
/// Training-time augmentation: geometric changes move image, node labels and centroids together; photometric ones
/// follow I′ = g·I^γ, and the filmic re-development follows the tone curve it names.
/// </summary>
[Collection(TorchCollection.Name)]
public class AugmentationTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    private static (double X, double Y) Centroid(TrainingExample e, int node)
    {
        double sx = 0, sy = 0; var n = 0;
        for (var p = 0; p < e.NodeOfPixel.Length; p++)
            if (e.NodeOfPixel[p] == node) { sx += p % e.Image.Width; sy += p / e.Image.Width; n++; }
        return n == 0 ? (double.NaN, double.NaN) : (sx / n, sy / n);
    }

    [Fact]
    public void Flips_mirror_image_and_labels_exactly_and_leave_targets_and_graph_alone()
    {
        var e = data.Examples[0];
        var s = new AugmentationSettings(FlipHorizontal: true, FlipVertical: true, Rotate: false, MaxGain: 1,
            MaxGamma: 1);
        var seenFlip = false;
        for (var seed = 0; seed < 8; seed++)
        {
            var a = ExampleAugmentation.Apply(e, s, new Random(seed));
            int w = e.Image.Width, h = e.Image.Height;
            // Whichever flips were drawn, a is the image mirrored in x, y, both or neither: find which and check it
            // all.
            var match = new[] { (false, false), (true, false), (false, true), (true, true) }.Where(f =>
                Enumerable.Range(0, w * h).All(p =>
                {
                    int x = p % w, y = p / w, sx = f.Item1 ? w - 1 - x : x, sy = f.Item2 ? h - 1 - y : y;
                    return a.Image[x, y] == e.Image[sx, sy] && a.NodeOfPixel[p] == e.NodeOfPixel[sy * w + sx];
                })).ToList();
            Assert.NotEmpty(match);
            seenFlip |= match[0] != (false, false);
            Assert.Same(e.Targets, a.Targets);
            Assert.Same(e.Graph, a.Graph);
            for (var node = 0; node < e.Graph.NodeCount; node++)
            {
                var (cx, cy) = Centroid(a, node);
                Assert.Equal(cx, a.CentroidX[node], 3);
                Assert.Equal(cy, a.CentroidY[node], 3);
            }
        }
        Assert.True(seenFlip);
    }

    [Fact]
    public void Rotation_moves_each_superpixel_with_its_centroid()
    {
        var e = data.Examples[1];
        var a = ExampleAugmentation.Apply(e, new AugmentationSettings(false, false, Rotate: true, 1, 1), new Random(5));
        var moved = 0;
        for (var node = 0; node < e.Graph.NodeCount; node++)
        {
            var (cx, cy) = Centroid(a, node);
            if (double.IsNaN(cx)) continue; // rotated out of the frame
            var (ox, oy) = Centroid(e, node);
            if (Math.Abs(ox - (e.Image.Width - 1) / 2.0) > 8 || Math.Abs(oy - (e.Image.Height - 1) / 2.0) > 8)
                continue; // cut by the frame
            Assert.True(Math.Abs(cx - a.CentroidX[node]) < 1.5 && Math.Abs(cy - a.CentroidY[node]) < 1.5,
                $"node {node}: pixels at ({cx:F1}, {cy:F1}), centroid ({a.CentroidX[node]:F1}, " +
                $"{a.CentroidY[node]:F1})");
            moved += Math.Abs(cx - ox) + Math.Abs(cy - oy) > 0.5 ? 1 : 0;
        }
        Assert.True(moved > 0, "the rotation moved nothing");
    }

    [Fact]
    public void Gain_and_gamma_follow_g_times_I_to_the_gamma_clamped()
    {
        var e = data.Examples[2];
        var a = ExampleAugmentation.Apply(e, new AugmentationSettings(false, false, false, MaxGain: 2, MaxGamma: 1.5),
            new Random(11));
        // Recover g and γ from two pixels, then every pixel must follow them.
        var pairs = Enumerable.Range(0, e.Image.Width * e.Image.Height)
            .Select(p => (I: (double)e.Image.Data[p], A: (double)a.Image.Data[p]))
            .Where(t => t.I > 0.05 && t.A is > 0.01 and < 0.99).ToList();
        Assert.True(pairs.Count > 10);
        var (i1, a1) = pairs.MinBy(t => t.I); var (i2, a2) = pairs.MaxBy(t => t.I);
        var gamma = Math.Log(a2 / a1) / Math.Log(i2 / i1);
        var gain = a1 / Math.Pow(i1, gamma);
        Assert.InRange(gain, 0.5, 2); Assert.InRange(gamma, 1 / 1.5, 1.5);
        foreach (var (i, av) in pairs) Assert.Equal(Math.Clamp(gain * Math.Pow(i, gamma), 0, 1), av, 4);
    }

    [Fact]
    public void Tone_curve_maps_a_uniform_image_to_the_developed_key()
    {
        // A uniform image is its own 99th percentile, so it lands on the key value whatever its level.
        var expected = Math.Pow(FilmicToneCurve.Filmic(FilmicToneCurve.KeyValue), 1 / 2.2);
        foreach (var level in new[] { 0.1f, 0.4f, 0.9f })
        {
            var image = new ImageF(16, 16, 3);
            Array.Fill(image.Data, level);
            var developed = FilmicToneCurve.Apply(image, exposure: 1);
            Assert.All(developed.Data, v => Assert.Equal(expected, v, 5));
        }
    }

    [Fact]
    public void Tone_curve_keeps_the_order_of_intensities_and_black()
    {
        var e = data.Examples[3];
        var developed = FilmicToneCurve.Apply(e.Image, exposure: 1.7);
        var order = Enumerable.Range(0, e.Image.Data.Length).OrderBy(i => e.Image.Data[i]).ToArray();
        for (var k = 1; k < order.Length; k++)
            Assert.True(developed.Data[order[k]] >= developed.Data[order[k - 1]]);
        Assert.Equal(0, FilmicToneCurve.Filmic(0));
    }

    [Fact]
    public void Tone_curve_off_draws_nothing_and_changes_nothing()
    {
        // Probability 0 must leave the random stream and the photometry exactly as without the option.
        var e = data.Examples[2];
        var plain = new AugmentationSettings(MaxGain: 1.5, MaxGamma: 1.3);
        var a = ExampleAugmentation.Apply(e, plain, new Random(3));
        var b = ExampleAugmentation.Apply(e, plain with { ToneCurveProbability = 0, MaxExposure = 4 }, new Random(3));
        Assert.Equal(a.Image.Data, b.Image.Data);
        Assert.Equal(a.NodeOfPixel, b.NodeOfPixel);
    }

    [Fact]
    public void Tone_curve_always_on_without_other_photometry_is_the_developed_image()
    {
        var e = data.Examples[2];
        var s = new AugmentationSettings(false, false, false, MaxGain: 1, MaxGamma: 1)
        {
            ToneCurveProbability = 1, MaxExposure = 1,
        };
        var a = ExampleAugmentation.Apply(e, s, new Random(9));
        Assert.Equal(FilmicToneCurve.Apply(e.Image, 1).Data, a.Image.Data);
    }

    [Theory]
    [InlineData(-0.1, 2)]
    [InlineData(1.1, 2)]
    [InlineData(0.5, 0.9)]
    [InlineData(0.5, double.PositiveInfinity)]
    public void Tone_curve_settings_out_of_range_throw(double probability, double maxExposure) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new AugmentationSettings { ToneCurveProbability = probability, MaxExposure = maxExposure }.Validate());
}
