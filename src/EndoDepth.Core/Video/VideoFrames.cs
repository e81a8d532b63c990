using System.Globalization;

namespace EndoDepth.Video;

/// <summary>
/// Streams the frames of a video through an <see cref="IVideoDecoder"/>: one frame at a time, in order, each named by
/// its index, so that a prediction per frame can be written as <c>VIDEO/000123.npy</c>.
/// </summary>
public static class VideoFrames
{
    /// <summary>Extensions read as videos (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".mp4", ".avi"];

    /// <summary>True when <paramref name="path"/> has a video extension.</summary>
    public static bool IsVideo(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of frame <paramref name="index"/>: six digits, zero-padded.</summary>
    public static string FrameName(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The frames of <paramref name="path"/>, decoded lazily (the video is opened when enumeration starts and closed
    /// when it ends or is abandoned). <paramref name="opened"/> hears the declared frame count once the video is open.
    /// </summary>
    /// <exception cref="VideoFormatException">The video cannot be decoded, holds no frame, or a frame's size differs
    /// from the first frame's (thrown while enumerating).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between frames.</exception>
    public static IEnumerable<VideoFrame> Read(string path, IVideoDecoder decoder, Action<int?>? opened = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(decoder);
        return Stream(path, decoder, opened, cancellationToken);
    }

    private static IEnumerable<VideoFrame> Stream(string path, IVideoDecoder decoder, Action<int?>? opened,
        CancellationToken ct)
    {
        using var reader = decoder.Open(path);
        opened?.Invoke(reader.DeclaredFrameCount);
        var index = 0;
        (int W, int H)? size = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!reader.TryReadNext(out var frame)) break;
            size ??= (frame.Width, frame.Height);
            if ((frame.Width, frame.Height) != size)
                throw new VideoFormatException(path, $"frame {index} is {frame.Width}×{frame.Height}, the first " +
                    $"frame {size.Value.W}×{size.Value.H}: a video's frames must keep one size");
            yield return new VideoFrame(index, FrameName(index), frame);
            index++;
        }
        if (index == 0) throw new VideoFormatException(path, "no frame could be decoded");
    }
}
