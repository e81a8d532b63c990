using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoDepth.IO.Dicom;

/// <summary>How a folder is turned into one DICOM series volume.</summary>
public sealed record DicomSeriesOptions
{
    /// <summary>
    /// Skip files that cannot be read (malformed, unsupported transfer syntax, undecodable pixels) and report them in
    /// <see cref="DicomSeriesSlices.SkippedFiles"/>; by default (false) the first such file stops the read.
    /// </summary>
    public bool SkipBadFiles { get; init; }

    /// <summary>The series to read; null picks the series with the most slices (the others are reported).</summary>
    public string? SeriesInstanceUid { get; init; }

    /// <summary>Also read files in sub-folders (default false).</summary>
    public bool Recursive { get; init; }

    /// <summary>
    /// Largest relative deviation of one slice gap from the mean gap (default 0.01 = 1 %, at least 0.01 mm).
    /// </summary>
    public double SpacingTolerance { get; init; } = 0.01;

    /// <summary>Largest difference between two files' direction cosines, and largest in-plane drift per mm of
    /// through-plane travel before the series counts as tilted (default 1e-3).</summary>
    public double OrientationTolerance { get; init; } = 1e-3;

    /// <summary>Receives what the read found: the series chosen, other series, skipped and non-image files.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
