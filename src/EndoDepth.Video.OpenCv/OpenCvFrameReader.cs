using System.Diagnostics.CodeAnalysis;
using EndoDepth.Imaging;
using OpenCvSharp;

namespace EndoDepth.Video;

/// <summary>One open <c>VideoCapture</c>: reads BGR (or grey) 8-bit frames and hands them on as planar RGB in [0, 1].</summary>
internal sealed class OpenCvFrameReader : IVideoFrameReader
{
    private readonly string _path;
    private readonly VideoCapture _capture;
    private readonly Mat _frame = new();

    private OpenCvFrameReader(string path, VideoCapture capture)
    {
        _path = path;
        _capture = capture;
        var count = capture.FrameCount; // CAP_PROP_FRAME_COUNT: the container's figure, ≤ 0 when it has none
        DeclaredFrameCount = count > 0 ? count : null;
    }

    public int? DeclaredFrameCount { get; }

    public static OpenCvFrameReader Open(string path)
    {
        VideoCapture capture;
        try { capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG); }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new VideoDecoderUnavailableException(
                "OpenCV's native library (OpenCvSharpExtern) could not be loaded: reference the OpenCvSharp4 runtime " +
                "package of this platform (e.g. OpenCvSharp4.official.runtime.linux-x64) and install its system " +
                "libraries (Debian/Ubuntu: apt-get install libgtk-3-0).", e);
        }
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new VideoFormatException(path, "cannot be opened as a video (OpenCV's FFmpeg backend)");
        }
        return new OpenCvFrameReader(path, capture);
    }

    public bool TryReadNext([NotNullWhen(true)] out ImageF? frame)
    {
        frame = null;
        if (!_capture.Read(_frame) || _frame.Empty()) return false;
        var channels = _frame.Type() == MatType.CV_8UC3 ? 3 : _frame.Type() == MatType.CV_8UC1 ? 1 : 0;
        if (channels == 0)
            throw new VideoFormatException(_path, $"frame type {_frame.Type()} is not 8-bit BGR or grey");
        var (w, h) = (_frame.Width, _frame.Height);
        var image = new ImageF(w, h, 3); // validates the size before the copy below
        var row = new byte[w * channels];
        for (var y = 0; y < h; y++)
        {
            System.Runtime.InteropServices.Marshal.Copy(_frame.Ptr(y), row, 0, row.Length);
            for (var x = 0; x < w; x++)
            {
                var o = y * image.Stride + x;
                if (channels == 1)
                {
                    var g = row[x] / 255f;
                    image.Data[o] = g; image.Data[image.PlaneSize + o] = g; image.Data[2 * image.PlaneSize + o] = g;
                }
                else
                {
                    image.Data[o] = row[3 * x + 2] / 255f;                        // R (OpenCV stores BGR)
                    image.Data[image.PlaneSize + o] = row[3 * x + 1] / 255f;      // G
                    image.Data[2 * image.PlaneSize + o] = row[3 * x] / 255f;      // B
                }
            }
        }
        frame = image;
        return true;
    }

    public void Dispose()
    {
        _frame.Dispose();
        _capture.Dispose();
    }
}
