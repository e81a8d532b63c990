using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.IO;

/// <summary>8-bit PNG against files PIL wrote (tests/fixtures/numpy/make_fixtures.py, make_png).</summary>
public class PngFileTests
{
    private static string F(string name) => RepoFixtures.Numpy("png", name);

    [Fact]
    public void Grey_png_reads_as_one_channel()
    {
        var expected = NpyFile.Read(F("grey8.npy"));
        var img = PngFile.Read(F("grey8.png"));
        Assert.Equal(1, img.Channels);
        Assert.Equal(img.ToBytes().Select(b => (double)b), expected.Values);
    }

    [Theory]
    [InlineData("rgb8.png")]
    [InlineData("rgba8.png")]
    public void Colour_png_reads_as_three_channels(string file)
    {
        var expected = NpyFile.Read(F("rgb8.npy"));
        var img = PngFile.Read(F(file));
        Assert.Equal(3, img.Channels);
        Assert.Equal(9, img.Width);
        Assert.Equal(img.ToBytes().Select(b => (double)b), expected.Values); // interleaved (h, w, 3) = numpy's C order
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Written_pngs_round_trip_exactly(int channels)
    {
        // Decoded by ImageSharp, an independent decoder; random bytes exercise the Sub filter's wrap-around.
        var img = new ImageF(37, 23, channels);
        var rng = new Random(4);
        for (var i = 0; i < img.Data.Length; i++) img.Data[i] = rng.Next(256) / 255f;
        var path = Path.Combine(Path.GetTempPath(), $"endodepth-png8-{Guid.NewGuid():N}.png");
        try
        {
            PngFile.Write(path, img);
            var r = PngFile.Read(path);
            Assert.Equal(channels, r.Channels);
            Assert.Equal(img.ToBytes(), r.ToBytes());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Grey_to_rgb_repeats_the_value_in_each_channel()
    {
        var g = PngFile.Read(F("grey8.png"));
        var rgb = g.ToRgb();
        for (var c = 0; c < 3; c++) Assert.Equal(g.Data, rgb.Plane(c).ToArray());
        Assert.Equal(g.Data, rgb.ToGrey().Data.Select(v => MathF.Round(v * 255) / 255));
    }

    [Theory]
    [InlineData("bad_truncated.png")]
    [InlineData("bad_absurd_size.png")]
    public void Malformed_files_raise_a_typed_exception_naming_the_file(string file)
    {
        var e = Assert.Throws<PngFormatException>(() => PngFile.Read(F(file)));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }
}
