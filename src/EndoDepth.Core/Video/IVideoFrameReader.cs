using System.Diagnostics.CodeAnalysis;
using EndoDepth.Imaging;

namespace EndoDepth.Video;

/// <summary>
/// One open video, read frame by frame: only the frame just read is held, so a video of any length streams in the
/// memory of one frame.
/// </summary>
public interface IVideoFrameReader : IDisposable
{
    /// <summary>
    /// The frame count the container declares (from its index or duration × rate; may be approximate), or null when
    /// it declares none. For progress reports only: the frames read are what counts.
    /// </summary>
    int? DeclaredFrameCount { get; }

    /// <summary>
    /// Decodes the next frame as an RGB image with display-encoded values in [0, 1] (8-bit value / 255); false after
    /// the last frame.
    /// </summary>
    /// <exception cref="VideoFormatException">The frame cannot be decoded.</exception>
    bool TryReadNext([NotNullWhen(true)] out ImageF? frame);
}
