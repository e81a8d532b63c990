using EndoDepth.Imaging;
using EndoDepth.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoDepth.Core.Tests.IO;

/// <summary>16-bit depth PNG against files PIL wrote, and our files against ImageSharp's decoder.</summary>
public class DepthPngTests
{
    private static string F(string name) => RepoFixtures.Numpy("png", name);

    [Fact]
    public void A_pil_written_16_bit_png_reads_at_the_documented_scale()
    {
        var units = NpyFile.Read(F("depth16_units.npy"));
        var d = DepthPng.Read(F("depth16.png"));
        Assert.Equal(13, d.Width);
        Assert.Equal(10, d.Height);
        for (var i = 0; i < units.Values.Length; i++)
        {
            Assert.Equal((float)(units.Values[i] / 100.0), d.Millimetres[i]);
            Assert.Equal(units.Values[i] > 0, d.Valid[i]);
        }
        Assert.Equal(655.35f, d[12, 9]);
    }

    [Fact]
    public void Every_png_filter_type_decodes()
    {
        // Rows filtered with None, Sub, Up, Average and Paeth in turn (PIL reads the file back to the same values).
        var units = NpyFile.Read(F("depth16_all_filters_units.npy"));
        var (w, h, v) = Grey16Png.Read(File.ReadAllBytes(F("depth16_all_filters.png")), "all_filters.png");
        Assert.Equal((7, 10), (w, h));
        Assert.Equal(units.Values, v.Select(x => (double)x));
    }

    [Fact]
    public void Written_files_decode_in_a_third_party_reader()
    {
        // ImageSharp reads the 16-bit samples exactly: check our encoder against it.
        var units = NpyFile.Read(F("depth16_units.npy"));
        var d = DepthPng.Read(F("depth16.png"));
        using var ms = new MemoryStream();
        DepthPng.Write(ms, d);
        using var img = SixLabors.ImageSharp.Image.Load<L16>(ms.ToArray());
        Assert.Equal(13, img.Width);
        var pixels = new L16[img.Width * img.Height];
        img.CopyPixelDataTo(pixels);
        Assert.Equal(units.Values, pixels.Select(p => (double)p.PackedValue));
    }

    [Property(MaxTest = 50)]
    public Property Round_trip_is_within_half_a_unit(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        var (w, h) = (1 + rng.Next(20), 1 + rng.Next(20));
        var mm = new float[w * h];
        for (var i = 0; i < mm.Length; i++) mm[i] = rng.NextDouble() < 0.2 ? 0f : (float)(rng.NextDouble() * 655);
        var d = new DepthMap(w, h, mm);
        using var ms = new MemoryStream();
        DepthPng.Write(ms, d);
        ms.Position = 0;
        var r = DepthPng.Read(ms);
        var ok = true;
        for (var i = 0; i < mm.Length; i++)
            ok &= r.Valid[i] == d.Valid[i] && Math.Abs(r.Millimetres[i] - d.Millimetres[i]) <= 0.005f + 1e-4f;
        return ok.ToProperty();
    }

    [Fact]
    public void Depth_beyond_the_scale_is_refused_and_tiny_depth_stays_valid()
    {
        using var ms = new MemoryStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthPng.Write(ms, new DepthMap(1, 1, [700f])));
        var tiny = new DepthMap(1, 1, [0.001f]);
        using var ms2 = new MemoryStream();
        DepthPng.Write(ms2, tiny);
        ms2.Position = 0;
        Assert.True(DepthPng.Read(ms2).Valid[0]);
    }

    [Fact]
    public void Writes_to_a_path_are_atomic_and_readable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"endodepth-png16-{Guid.NewGuid():N}.png");
        try
        {
            DepthPng.Write(path, new DepthMap(2, 1, [12.34f, 0f]));
            var r = DepthPng.Read(path);
            Assert.Equal(12.34f, r.Millimetres[0]);
            Assert.False(r.Valid[1]);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}*"));
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("bad_truncated.png", "truncated")]
    [InlineData("bad_crc.png", "CRC")]
    [InlineData("bad_absurd_size.png", "not acceptable")]
    [InlineData("rgb8.png", "colour type 2")]
    public void Malformed_or_wrong_files_raise_a_typed_exception_naming_the_file(string file, string problem)
    {
        var e = Assert.Throws<PngFormatException>(() => DepthPng.Read(F(file)));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_refused_cleanly()
    {
        var good = File.ReadAllBytes(F("depth16.png"));
        for (var n = 0; n < good.Length; n += 5)
            Assert.Throws<PngFormatException>(() => DepthPng.Read(new MemoryStream(good, 0, n), "cut.png"));
    }
}
