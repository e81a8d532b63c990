using EndoDepth.Geometry;

namespace EndoDepth.IO.Dicom;

/// <summary>One image plane of a series: a single-frame file, or one frame of a multi-frame file.</summary>
/// <param name="Info">The file's header.</param>
/// <param name="Frame">The frame within the file (0 for a single-frame file).</param>
/// <param name="Position">
/// Image Position (Patient) of the frame's first pixel, or null when the file does not give one for every frame.
/// </param>
public sealed record DicomSlice(DicomImageInfo Info, int Frame, Float3? Position)
{
    /// <summary>
    /// The file, with the frame number when the file holds several frames (names the slice in messages).
    /// </summary>
    public string Name => Info.Frames > 1 ? $"{Info.Path} [frame {Frame + 1}]" : Info.Path;

    /// <summary>The slices of one file, in frame order.</summary>
    public static IEnumerable<DicomSlice> Of(DicomImageInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var positions = info.FramePositions is { } p && p.Count == info.Frames ? p : null;
        for (var k = 0; k < info.Frames; k++) yield return new DicomSlice(info, k, positions?[k]);
    }
}
