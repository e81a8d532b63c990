using EndoDepth.Imaging;

namespace EndoDepth.Video;

/// <summary>One decoded frame of a video.</summary>
/// <param name="Index">Zero-based position of the frame in the video.</param>
/// <param name="Name">The frame's file name stem: <see cref="Index"/> as six digits (<c>000123</c>), more past
/// 999999, so that names sort in frame order.</param>
/// <param name="Image">The frame (RGB, display-encoded, [0, 1]).</param>
public sealed record VideoFrame(int Index, string Name, ImageF Image);
