using EndoDepth.IO;
using EndoDepth.Video;

namespace EndoDepth.Cli.Tests.Predict;

/// <summary>
/// The OpenCvSharp video adapter (EndoDepth.Video.OpenCv, with the CLI's linux-x64 runtime) on the tiny videos of
/// tests/fixtures/video, against the grey levels written into them and Debian OpenCV's own decode of them.
/// </summary>
public sealed class OpenCvVideoDecoderTests
{
    private static string Video(string name) => Endodepth.Fixture("..", "video", name);

    [Theory]
    [InlineData("grey4.mp4", "grey4_mp4_rgb.npy")]
    [InlineData("grey4.avi", "grey4_avi_rgb.npy")]
    public void Frames_decode_to_the_grey_levels_written_and_to_what_a_third_party_decoder_reads(string video,
        string reference)
    {
        var levels = NpyFile.Read(Video("grey4_levels.npy")).Values;
        var rgb = NpyFile.Read(Video(reference)).Values; // (4, 3): mean R, G, B per frame, 0–255
        using var reader = new OpenCvVideoDecoder().Open(Video(video));
        Assert.Equal(4, reader.DeclaredFrameCount);
        var k = 0;
        while (reader.TryReadNext(out var frame))
        {
            Assert.Equal((32, 32, 3), (frame.Width, frame.Height, frame.Channels));
            for (var c = 0; c < 3; c++)
            {
                var mean = frame.Plane(c).ToArray().Average() * 255;
                // MPEG-4 and Motion JPEG are lossy, and YUV → RGB rounds: a few levels from what was written…
                Assert.InRange(mean, levels[k] - 5, levels[k] + 5);
                // …and within about one level of what Debian's OpenCV 4.6 / FFmpeg 5.1 decodes.
                Assert.InRange(mean, rgb[3 * k + c] - 1.5, rgb[3 * k + c] + 1.5);
            }
            k++;
        }
        Assert.Equal(4, k);
    }

    [Fact]
    public void A_file_that_is_not_a_video_is_refused_naming_it()
    {
        using var tmp = new TempFolder();
        var fake = tmp["notes.mp4"];
        File.WriteAllText(fake, "not a video");
        var e = Assert.Throws<VideoFormatException>(() => new OpenCvVideoDecoder().Open(fake));
        Assert.Contains(fake, e.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => new OpenCvVideoDecoder().Open(tmp["missing.avi"]));
    }
}
