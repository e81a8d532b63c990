namespace EndoDepth.Video;

/// <summary>
/// A video decoder behind which a codec library sits (EndoDepth.Video.OpenCv ships one over OpenCV's FFmpeg backend),
/// so that Core reads video without depending on a codec. <see cref="VideoFrames.Read"/> streams the frames it opens.
/// </summary>
public interface IVideoDecoder
{
    /// <summary>Opens <paramref name="path"/> for reading its frames in order.</summary>
    /// <exception cref="VideoFormatException">The file cannot be opened or decoded as a video.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    IVideoFrameReader Open(string path);
}
