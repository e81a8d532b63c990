using EndoDepth.IO;

namespace EndoDepth.Core.Tests.IO;

/// <summary>
/// The 8-bit image reader against files with known content and hostile files (tests/fixtures/images,
/// make_image_fixtures.py): a JPEG whose pixels are known analytically, and truncated or lying containers that must be
/// refused, naming the file, in bounded time.
/// </summary>
public class ImageDecodingTests
{
    /// <summary>A hostile file must be refused well within this; a hang fails the test instead of stalling CI.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_dc_only_jpeg_block_decodes_to_its_analytic_value()
    {
        var img = PngFile.Read(RepoFixtures.Images("constant144.jpg"));
        Assert.Equal((8, 8, 1), (img.Width, img.Height, img.Channels));
        Assert.All(img.ToBytes(), b => Assert.Equal(144, b)); // 128 + F(0,0)/8 with F(0,0) = 128 (T.81 A.3.3)
    }

    [Fact]
    public void A_grey_png_decodes_to_its_rows_and_can_be_forced_to_three_channels()
    {
        var img = PngFile.Read(RepoFixtures.Images("grey4x3.png"));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (byte)(10 * i)), img.ToBytes());
        var rgb = PngFile.Read(RepoFixtures.Images("grey4x3.png"), 3);
        for (var c = 0; c < 3; c++) Assert.Equal(img.Data, rgb.Plane(c).ToArray());
    }

    [Theory]
    [InlineData("hostile_app0_past_end.jpg", "truncated")]
    [InlineData("hostile_truncated_scan.jpg", "truncated")]
    [InlineData("hostile_huge_frame.jpg", "not acceptable")]
    [InlineData("hostile_no_frame.jpg", "before the frame header")]
    [InlineData("hostile_memory_bomb.jpg", "cannot hold")]
    [InlineData("hostile_no_iend.png", "truncated")]
    [InlineData("hostile_memory_bomb.png", "cannot hold")]
    [InlineData("hostile_interlaced_short.png", "truncated image data")]
    [InlineData("hostile_interlaced_narrow.png", "narrower than 5 pixels")]
    [InlineData("hostile_idat_length.png", "truncated")]
    [InlineData("unsupported.gif", "not a PNG, JPEG or BMP")]
    public async Task Hostile_files_are_refused_promptly_naming_the_file_and_the_problem(string file, string problem)
    {
        var path = RepoFixtures.Images(file);
        var e = Assert.IsAssignableFrom<ImageFormatException>(await Refusal(() => PngFile.Read(path), file));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_jpeg_starts_are_refused_promptly()
    {
        // The report's "4 of 4 random FF D8 FF E0 … files hung": a JPEG start followed by random bytes.
        var rng = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var bytes = new byte[4 + rng.Next(60)];
            rng.NextBytes(bytes);
            bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
            Assert.IsAssignableFrom<ImageFormatException>(
                await Refusal(() => PngFile.Decode(bytes, "random.jpg"), $"trial {trial}"));
        }
    }

    [Fact]
    public void Mutated_jpegs_fail_only_with_ImageFormatException()
    {
        var good = File.ReadAllBytes(RepoFixtures.Images("constant144.jpg"));
        var rng = new Random(9);
        for (var trial = 0; trial < 500; trial++)
        {
            var bad = (byte[])good.Clone();
            for (var k = 0; k < 1 + rng.Next(3); k++) bad[2 + rng.Next(bad.Length - 2)] ^= (byte)(1 << rng.Next(8));
            try { PngFile.Decode(bad, "mutated.jpg"); }
            catch (ImageFormatException e) { Assert.Contains("mutated.jpg", e.Message, StringComparison.Ordinal); }
        }
    }

    /// <summary>The exception a read ends with, failing the test if it does not end within <see cref="Guard"/>.</summary>
    private static async Task<Exception?> Refusal(Func<object> read, string what)
    {
        var run = Task.Run(() => Record.Exception(read));
        Assert.True(await Task.WhenAny(run, Task.Delay(Guard)) == run,
            $"{what}: the reader did not return within {Guard.TotalSeconds} s");
        return await run;
    }
}
