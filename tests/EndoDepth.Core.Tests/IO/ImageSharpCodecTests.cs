using EndoDepth.Datasets.Importers;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.IO;

/// <summary>
/// ImageSharp as the codec of 16-bit PNG, 16-bit TIFF and BMP, against files OpenCV, scikit-image and a hand-written
/// big-endian TIFF hold (tests/fixtures/images/make_codec_fixtures.py): every one stores the ramp
/// 1000·y + 37·x + 1 (16-bit) or (40·y + 7·x) mod 256 (8-bit), so decoded samples are compared with that formula.
/// Hostile TIFFs must be refused promptly, naming the file and the problem.
/// </summary>
public class ImageSharpCodecTests
{
    private const int W = 7, H = 5;

    private static ushort Ramp16(int x, int y) => (ushort)(1000 * y + 37 * x + 1);

    private static byte Ramp8(int x, int y) => (byte)((40 * y + 7 * x) % 256);

    private static void AssertRamp16(int width, int height, ushort[] values)
    {
        Assert.Equal((W, H), (width, height));
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++) Assert.Equal(Ramp16(x, y), values[y * W + x]);
    }

    [Fact]
    public void A_16_bit_png_opencv_wrote_decodes_to_its_samples()
    {
        var (w, h, v) = Grey16Png.Read(File.ReadAllBytes(RepoFixtures.Images("ramp16.png")), "ramp16.png");
        AssertRamp16(w, h, v);
        var d = DepthPng.Read(RepoFixtures.Images("ramp16.png"), 1f); // one millimetre per unit: the samples
        Assert.Equal(Ramp16(6, 4), d.Millimetres[^1]);
    }

    [Theory]
    [InlineData("ramp16_lzw.tiff")]       // OpenCV's default: LZW, little-endian
    [InlineData("ramp16_plain.tiff")]     // scikit-image (tifffile): uncompressed
    [InlineData("ramp16_bigendian.tiff")] // 'MM' byte order
    public void A_16_bit_tiff_decodes_to_its_samples(string file)
    {
        var raw = new TiffDepthDecoder().Decode(RepoFixtures.Images(file));
        AssertRamp16(raw.Width, raw.Height, raw.Samples);
    }

    [Fact]
    public void An_8_bit_grey_bmp_stays_grey_and_a_colour_bmp_keeps_its_channels()
    {
        var grey = PngFile.Read(RepoFixtures.Images("ramp8.bmp"));
        Assert.Equal((W, H, 1), (grey.Width, grey.Height, grey.Channels));
        var bytes = grey.ToBytes();
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++) Assert.Equal(Ramp8(x, y), bytes[y * W + x]);

        var rgb = PngFile.Read(RepoFixtures.Images("ramp_bgr.bmp")); // B = ramp, G = 255 − ramp, R = 9
        Assert.Equal(3, rgb.Channels);
        var px = rgb.ToBytes(); // interleaved R, G, B
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
            {
                var i = 3 * (y * W + x);
                Assert.Equal((9, 255 - Ramp8(x, y), Ramp8(x, y)), (px[i], px[i + 1], px[i + 2]));
            }

        var red = PngFile.Read(RepoFixtures.Images("unsupported.bmp")).ToBytes(); // one red 24-bit pixel
        Assert.Equal([255, 0, 0], red);
    }

    [Fact]
    public void Depth_png_round_trips_through_our_encoder_and_imagesharp_s_decoder()
    {
        var mm = new float[W * H];
        for (var i = 0; i < mm.Length; i++) mm[i] = Ramp16(i % W, i / W) * 0.01f;
        using var ms = new MemoryStream();
        DepthPng.Write(ms, new DepthMap(W, H, mm));
        ms.Position = 0;
        var back = DepthPng.Read(ms);
        for (var i = 0; i < mm.Length; i++) Assert.Equal(mm[i], back.Millimetres[i], 1e-5f);
    }

    [Theory]
    [InlineData("hostile_tiff_bomb.tiff", "not acceptable")]
    [InlineData("hostile_tiff_lzw_bomb.tiff", "cannot hold")]
    [InlineData("hostile_tiff_strip_past_end.tiff", "runs past the end")]
    [InlineData("hostile_tiff_signed.tiff", "sample format INT")]
    [InlineData("hostile_tiff_float.tiff", "sample format IEEEFP")]
    [InlineData("hostile_tiff_ifd_past_end.tiff", "outside the file")]
    [InlineData("hostile_tiff_truncated.tiff", "truncated")]
    [InlineData("hostile_tiff_rows_per_strip.tiff", "rows per strip")]
    [InlineData("hostile_tiff_duplicate_width.tiff", "appears twice")]
    [InlineData("hostile_tiff_rows_per_strip_no_value.tiff", "declares 0 values")]
    [InlineData("grey4x3.png", "not a TIFF")]
    public async Task Hostile_tiffs_are_refused_promptly_naming_the_file_and_the_problem(string file, string problem)
    {
        var path = RepoFixtures.Images(file);
        var run = Task.Run(() => Record.Exception(() => new TiffDepthDecoder().Decode(path)));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, $"{file}: no answer in 30 s");
        var e = Assert.IsAssignableFrom<ImageFormatException>(await run);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_tiffs_and_bmps_fail_only_with_ImageFormatException()
    {
        var rng = new Random(5);
        foreach (var (file, read) in new (string, Action<byte[]>)[]
                 {
                     ("ramp16_lzw.tiff", b => Grey16Decoding.DecodeTiff(b, "mutated.tiff")),
                     ("ramp16_plain.tiff", b => Grey16Decoding.DecodeTiff(b, "mutated.tiff")),
                     ("ramp_bgr.bmp", b => PngFile.Decode(b, "mutated.tiff")),
                     ("ramp8.bmp", b => PngFile.Decode(b, "mutated.tiff")),
                 })
        {
            var good = File.ReadAllBytes(RepoFixtures.Images(file));
            for (var trial = 0; trial < 300; trial++)
            {
                var bad = (byte[])good.Clone();
                for (var k = 0; k < 1 + rng.Next(3); k++) bad[rng.Next(bad.Length)] ^= (byte)(1 << rng.Next(8));
                if (rng.Next(4) == 0) bad = bad[..rng.Next(bad.Length)];
                try { read(bad); }
                catch (ImageFormatException e) { Assert.Contains("mutated.tiff", e.Message, StringComparison.Ordinal); }
            }
        }
    }
}
