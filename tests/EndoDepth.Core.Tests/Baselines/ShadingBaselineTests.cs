using EndoDepth.Baselines;
using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Core.Tests.Baselines;

/// <summary>
/// The inverse-square shading baseline on images rendered exactly as L^2.2 = (c/d)²: 8-bit grey values v = m/255 with
/// depth d = c / v^1.1, constant wherever the blur reaches, so k and the recovered depths are known in closed form.
/// </summary>
public sealed class ShadingBaselineTests
{
    private const double C = 10;

    private static double DepthOf(double v) => C / Math.Pow(v, 1.1);

    /// <summary>
    /// 4×4 images of one value each; two invalid pixels per map, so every image has 14 valid pixels.
    /// </summary>
    private static HandMadeFolder Rendered(params int[] levels) =>
        new(levels.Select(m =>
        {
            var v = m / 255f;
            var mm = Enumerable.Repeat((float)DepthOf(v), 16).ToArray();
            mm[0] = 0; mm[7] = float.NaN;
            return (HandMadeFolder.Grey(4, 4, v), HandMadeFolder.Depth(4, 4, mm));
        }).ToList());

    [Fact]
    public void K_is_the_ratio_of_the_medians_in_closed_form()
    {
        using var f = Rendered(200, 60, 120);
        var b = InverseSquareShadingBaseline.Fit(f.Folder, SplitName.Train);
        // Equal valid counts and s = 1/√(L + ε) increasing with d: both medians come from the middle image (v =
        // 120/255), k = d / s = (c / v^1.1) · √(v^2.2 + ε) = c · √(1 + ε / v^2.2).
        double v = 120 / 255f;
        Assert.Equal(C * Math.Sqrt(1 + 1e-4 / Math.Pow(v, 2.2)), b.K, 4);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(120)]
    [InlineData(250)]
    public void Depth_of_a_rendered_image_is_recovered(int level)
    {
        using var f = Rendered(200, 60, 120);
        var b = InverseSquareShadingBaseline.Fit(f.Folder, SplitName.Train);
        var v = level / 255f;
        var d = b.Estimate(HandMadeFolder.Grey(6, 5, v));
        Assert.Equal(30, d.ValidCount);
        Assert.All(d.Millimetres, mm => Assert.Equal(1, mm / DepthOf(v), 2)); // ε shifts depth by < 0.5 %
    }

    [Fact]
    public void A_half_plane_image_has_the_closed_form_depth_beyond_the_blurs_reach()
    {
        // Width 64: σ = 2 px, kernel radius 6; columns < 26 see only a, columns > 38 only b.
        var im = new ImageF(64, 8);
        const float a = 0.8f, bValue = 0.3f;
        for (var y = 0; y < 8; y++) for (var x = 0; x < 64; x++) im[x, y] = x < 32 ? a : bValue;
        var d = new InverseSquareShadingBaseline(10).Estimate(im);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 26; x++) Assert.Equal(10 / Math.Sqrt(Math.Pow(a, 2.2) + 1e-4), d[x, y], 4);
            for (var x = 39; x < 64; x++) Assert.Equal(10 / Math.Sqrt(Math.Pow(bValue, 2.2) + 1e-4), d[x, y], 4);
            Assert.InRange(d[32, y], 10 / Math.Sqrt(Math.Pow(a, 2.2) + 1e-4),
                10 / Math.Sqrt(Math.Pow(bValue, 2.2) + 1e-4));
        }
    }

    [Fact]
    public void Rgb_images_use_the_rec601_luminance()
    {
        var im = new ImageF(8, 8, 3);
        im.Plane(0).Fill(0.9f); im.Plane(1).Fill(0.4f); im.Plane(2).Fill(0.1f);
        var d = new InverseSquareShadingBaseline(7).Estimate(im);
        var l = 0.299 * 0.9 + 0.587 * 0.4 + 0.114 * 0.1;
        Assert.All(d.Millimetres, mm => Assert.Equal(7 / Math.Sqrt(Math.Pow(l, 2.2) + 1e-4), mm, 4));
    }

    [Fact]
    public void The_blurred_signal_matches_a_direct_two_dimensional_convolution()
    {
        const int w = 16, h = 12;
        var rng = new Random(3);
        var im = new ImageF(w, h);
        for (var i = 0; i < im.Data.Length; i++) im.Data[i] = (float)rng.NextDouble();
        var s = InverseSquareShadingBaseline.InverseSqrtIrradiance(im);
        // Straightforward: σ = 16·2/64 = 0.5, taps |i| ≤ ⌈1.5⌉ = 2, normalised 2-D weights, edge pixels
        // repeated.
        const double sigma = 0.5;
        const int r = 2;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                double sum = 0, weights = 0;
                for (var j = -r; j <= r; j++)
                    for (var i = -r; i <= r; i++)
                    {
                        var wt = Math.Exp(-(i * i + j * j) / (2 * sigma * sigma));
                        sum += wt * Math.Pow(im[Math.Clamp(x + i, 0, w - 1), Math.Clamp(y + j, 0, h - 1)], 2.2);
                        weights += wt;
                    }
                Assert.Equal(1 / Math.Sqrt(sum / weights + 1e-4), s[y * w + x], 3);
            }
    }
}
