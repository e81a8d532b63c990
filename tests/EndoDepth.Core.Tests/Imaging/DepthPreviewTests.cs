using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.Imaging;

/// <summary>The Turbo colormap against matplotlib's table, and the preview's range handling.</summary>
public class DepthPreviewTests
{
    [Fact]
    public void Turbo_matches_matplotlib_within_the_interpolation_error()
    {
        var lut = NpyFile.Read(RepoFixtures.Numpy("turbo", "matplotlib_turbo_256.npy"));
        Assert.Equal([256L, 3L], lut.Shape);
        var worst = 0.0;
        for (var i = 0; i < 256; i++)
        {
            var (r, g, b) = TurboColormap.Map(i / 255.0);
            worst = Math.Max(worst, Math.Max(Math.Abs(r - lut.Values[3 * i]),
                Math.Max(Math.Abs(g - lut.Values[3 * i + 1]), Math.Abs(b - lut.Values[3 * i + 2]))));
        }
        Assert.True(worst < 0.015, $"largest channel difference {worst}");
    }

    [Fact]
    public void Fixed_range_clamps_and_invalid_pixels_are_black()
    {
        var d = new DepthMap(4, 1, [10f, 20f, 0f, 500f]);
        var img = DepthPreview.Render(d, 10f, 20f);
        Assert.Equal(3, img.Channels);
        Assert.Equal(TurboColormap.Map(0), (img[0, 0, 0], img[0, 0, 1], img[0, 0, 2]));
        Assert.Equal(TurboColormap.Map(1), (img[1, 0, 0], img[1, 0, 1], img[1, 0, 2]));
        Assert.Equal((0f, 0f, 0f), (img[2, 0, 0], img[2, 0, 1], img[2, 0, 2]));
        Assert.Equal(TurboColormap.Map(1), (img[3, 0, 0], img[3, 0, 1], img[3, 0, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthPreview.Render(d, 5f, 5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthPreview.Render(d, 5f, null));
    }

    [Fact]
    public void Automatic_range_spans_the_valid_depths()
    {
        var d = new DepthMap(3, 1, [30f, 0f, 90f]);
        Assert.Equal((30f, 90f), DepthPreview.ValidRange(d));
        var img = DepthPreview.Render(d);
        Assert.Equal(TurboColormap.Map(1).R, img[2, 0, 0]);
    }
}
