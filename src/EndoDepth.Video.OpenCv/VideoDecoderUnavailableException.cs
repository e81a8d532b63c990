namespace EndoDepth.Video;

/// <summary>The video decoder's native library is missing or cannot be loaded on this machine.</summary>
public class VideoDecoderUnavailableException : NotSupportedException
{
    /// <summary>Creates the exception with a message saying what to install, and the loader's error.</summary>
    public VideoDecoderUnavailableException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with a bare message.</summary>
    public VideoDecoderUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public VideoDecoderUnavailableException() : base() { }
}
