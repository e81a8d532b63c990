using System.Diagnostics.CodeAnalysis;
using EndoDepth.Imaging;
using EndoDepth.Video;

namespace EndoDepth.Core.Tests.Video;

/// <summary>Frame streaming over a stand-in decoder whose frames are known.</summary>
public sealed class VideoFramesTests
{
    /// <summary>Frames of the given sizes, grey level = index / 10; counts reads and disposal.</summary>
    private sealed class StandIn((int W, int H)[] sizes, int? declared = null) : IVideoDecoder, IVideoFrameReader
    {
        public int Reads { get; private set; }
        public bool Disposed { get; private set; }
        public int? DeclaredFrameCount => declared;
        public IVideoFrameReader Open(string path) => this;

        public bool TryReadNext([NotNullWhen(true)] out ImageF? frame)
        {
            frame = null;
            if (Reads == sizes.Length) return false;
            var (w, h) = sizes[Reads];
            frame = new ImageF(w, h, 3, Enumerable.Repeat(Reads / 10f, w * h * 3).ToArray());
            Reads++;
            return true;
        }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Frames_are_read_one_at_a_time_in_order_and_named_by_six_digit_index()
    {
        var decoder = new StandIn([(4, 2), (4, 2), (4, 2)], declared: 3);
        int? heard = null;
        using var frames = VideoFrames.Read("clip.mp4", decoder, n => heard = n).GetEnumerator();
        Assert.Equal(0, decoder.Reads); // nothing decoded before enumeration
        Assert.True(frames.MoveNext());
        Assert.Equal(1, decoder.Reads); // streamed: one frame decoded per step
        Assert.Equal(3, heard);
        Assert.Equal("000000", frames.Current.Name);
        Assert.True(frames.MoveNext());
        Assert.Equal((1, "000001", 0.1f), (frames.Current.Index, frames.Current.Name, frames.Current.Image[0, 0, 2]));
        frames.Dispose();
        Assert.True(decoder.Disposed); // abandoning the enumeration closes the video
        Assert.Equal("1234567", VideoFrames.FrameName(1234567));
    }

    [Fact]
    public void A_frame_of_another_size_or_a_video_without_frames_is_refused_naming_the_file()
    {
        var e = Assert.Throws<VideoFormatException>(() =>
            VideoFrames.Read("clip.avi", new StandIn([(4, 2), (2, 4)])).ToList());
        Assert.Contains("clip.avi", e.Message, StringComparison.Ordinal);
        Assert.Contains("frame 1 is 2×4", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<VideoFormatException>(() => VideoFrames.Read("empty.mp4", new StandIn([])).ToList());
        Assert.Contains("empty.mp4: no frame", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_extensions_are_recognised_in_any_case()
    {
        Assert.True(VideoFrames.IsVideo("a/B.MP4"));
        Assert.True(VideoFrames.IsVideo("x.avi"));
        Assert.False(VideoFrames.IsVideo("x.png"));
    }
}
