using EndoDepth.Baselines;
using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Core.Tests.Baselines;

/// <summary>The constant and mean-depth prior baselines against hand-computed values.</summary>
public sealed class ConstantAndPriorBaselineTests
{
    // Three 3×2 maps (0 and NaN invalid). Pixel 5 is never valid.
    private static readonly float[][] Maps =
    [
        [10, 20, 0, 40, 50, 0],
        [30, 0, 60, 20, float.NaN, 0],
        [20, 40, 30, 0, 70, 0],
    ];

    private static HandMadeFolder Folder(IReadOnlyList<int>? train = null) =>
        new(Maps.Select(m => (HandMadeFolder.Grey(3, 2, 0.5f), HandMadeFolder.Depth(3, 2, (float[])m.Clone())))
            .ToList(), train);

    [Fact]
    public void Constant_is_the_mean_of_all_valid_pixels_pooled_over_the_set()
    {
        using var f = Folder();
        var b = ConstantDepthBaseline.Fit(f.Folder, SplitName.Train);
        // Valid: 10 20 40 50 | 30 60 20 | 20 40 30 70 → 390 / 11
        // (a mean of per-image means would be (30 + 36.67 + 40) / 3).
        Assert.Equal(390.0 / 11, b.DepthMm, 9);
        var d = b.Estimate(new ImageF(5, 4, 3));
        Assert.Equal((5, 4), (d.Width, d.Height));
        Assert.All(d.Millimetres, v => Assert.Equal((float)(390.0 / 11), v));
        Assert.Equal(20, d.ValidCount);
    }

    [Fact]
    public void Constant_fitted_on_the_train_split_ignores_the_test_scenes()
    {
        using var f = Folder(train: [0, 2]);
        var b = ConstantDepthBaseline.Fit(f.Folder, SplitName.Train);
        Assert.Equal(280.0 / 8, b.DepthMm, 9); // 10 20 40 50 20 40 30 70
    }

    [Fact]
    public void Prior_is_each_pixels_mean_valid_depth_and_a_never_valid_pixel_gets_the_constant()
    {
        using var f = Folder();
        var b = MeanDepthPriorBaseline.Fit(f.Folder, SplitName.Train);
        float[] expected = [20, 30, 45, 30, 60, (float)(390.0 / 11)];
        Assert.Equal((3, 2), (b.Width, b.Height));
        Assert.Equal(390.0 / 11, b.FallbackMm, 9);
        var d = b.Estimate(new ImageF(3, 2));
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], d.Millimetres[i], 4);
        Assert.Equal(6, d.ValidCount);
        Assert.Equal(expected, b.ToDepthMap().Millimetres);
    }

    [Fact]
    public void Prior_is_resized_bilinearly_with_pixel_centres_aligned()
    {
        var b = new MeanDepthPriorBaseline(HandMadeFolder.Depth(2, 2, 10, 20, 30, 40), 99);
        var d = b.Estimate(new ImageF(4, 4));
        // Source x of target x: (x + ½)/2 − ½ = −¼, ¼, ¾, 1¼ → clamped 0, ¼, ¾, 1; the same in y, where
        // the rows differ by 20.
        float[] row0 = [10, 12.5f, 17.5f, 20];
        float[] rowStep = [0, 5, 15, 20];
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 4; x++)
                Assert.Equal(row0[x] + rowStep[y], d[x, y], 4);
    }

    [Fact]
    public void Prior_invalid_pixels_take_the_fallback()
    {
        var b = new MeanDepthPriorBaseline(HandMadeFolder.Depth(2, 1, 10, 0), 25);
        Assert.Equal([10f, 25f], b.Estimate(new ImageF(2, 1)).Millimetres);
    }
}
