namespace EndoDepth.Video;

/// <summary>
/// Decodes video files with OpenCV's <c>VideoCapture</c> (through OpenCvSharp4) on its FFmpeg backend, which the
/// official OpenCvSharp4 runtimes build in: MP4 (H.264, MPEG-4 part 2, …), AVI (MJPEG, …) and the other containers and
/// codecs FFmpeg reads. The application supplies the native runtime package for its platform (e.g.
/// <c>OpenCvSharp4.official.runtime.linux-x64</c>).
/// </summary>
public sealed class OpenCvVideoDecoder : IVideoDecoder
{
    /// <inheritdoc />
    /// <exception cref="VideoDecoderUnavailableException">OpenCV's native library cannot be loaded.</exception>
    public IVideoFrameReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such video file.", path);
        return OpenCvFrameReader.Open(path);
    }
}
