using EndoDepth.IO.Dicom;

namespace EndoDepth.Volumes;

/// <summary>
/// EndoDepth's own DICOM reader behind the <see cref="IVolumeSource"/> seam: a folder is read as one series
/// (<see cref="DicomSeries"/>), a file as a single (possibly multi-frame) image.
/// </summary>
/// <param name="options">Series options (defaults when null).</param>
public sealed class DicomVolumeSource(DicomSeriesOptions? options = null) : IVolumeSource
{
    /// <summary>The series options used for folders.</summary>
    public DicomSeriesOptions Options { get; } = options ?? new DicomSeriesOptions();

    /// <inheritdoc/>
    public bool CanRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Directory.Exists(path) || (File.Exists(path) && DicomFile.LooksLikeDicom(path));
    }

    /// <inheritdoc/>
    public CtVolume Read(string path, CancellationToken cancellationToken = default) => ReadWithMetadata(path, cancellationToken).Volume;

    /// <summary>Reads the volume with its DICOM details.</summary>
    public LoadedVolume ReadWithMetadata(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var s = DicomSeries.Read(path, Options, null, cancellationToken);
            var meta = new Dictionary<string, string>
            {
                ["seriesInstanceUid"] = s.SeriesInstanceUid,
                ["modality"] = s.Modality,
                ["transferSyntax"] = string.Join("; ", s.TransferSyntaxes.Select(t => $"{t.Uid} ({t.Name})")),
                ["files"] = s.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (s.OtherSeries.Count > 0)
                meta["otherSeries"] = string.Join("; ", s.OtherSeries.Select(o => $"{o.SeriesInstanceUid} {o.Modality} '{o.Description}' ({o.Frames} slices)"));
            if (s.SkippedFiles.Count > 0)
                meta["skippedFiles"] = string.Join("; ", s.SkippedFiles.Select(f => f.Reason));
            if (s.NonImageFiles.Count > 0)
                meta["nonImageFiles"] = s.NonImageFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new LoadedVolume(s.Volume, "DICOM series", meta);
        }
        var info = DicomFile.ReadInfo(path);
        var volume = DicomFile.Read(path, cancellationToken);
        return new LoadedVolume(volume, "DICOM file", new Dictionary<string, string>
        {
            ["seriesInstanceUid"] = info.SeriesInstanceUid,
            ["modality"] = info.Modality,
            ["transferSyntax"] = $"{info.TransferSyntax.Uid} ({info.TransferSyntax.Name})",
            ["frames"] = info.Frames.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
