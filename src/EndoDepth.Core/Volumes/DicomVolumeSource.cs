using System.Globalization;
using EndoDepth.IO.Dicom;
using Microsoft.Extensions.Logging;

namespace EndoDepth.Volumes;

/// <summary>
/// EndoDepth's own DICOM reader behind the <see cref="IVolumeSource"/> seam: a folder is read as one series
/// (<see cref="DicomSeries"/> finds its slices, which are then stacked into a volume), a file as a single (possibly
/// multi-frame) image.
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
    public CtVolume Read(string path, CancellationToken cancellationToken = default) =>
        ReadWithMetadata(path, cancellationToken).Volume;

    /// <summary>Reads the series in <paramref name="folder"/> as a volume.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="progress">Receives the fraction of slices read (0..1).</param>
    /// <param name="cancellationToken">Cancels between files and slices.</param>
    /// <exception cref="DicomFormatException">
    /// A bad file (unless skipped), no image series, or an inconsistent series: mixed sizes, orientations or pixel
    /// spacings, uneven gaps, duplicate positions or gantry tilt (the message names the files).
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public DicomSeriesVolume ReadSeries(string folder, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var series = DicomSeries.ReadSlices(folder, Options, cancellationToken);
        var (volume, files) = SliceStackAssembler.Assemble(series.Slices, Options, progress, cancellationToken);
        Options.Logger.LogInformation(
            "Read series {Uid} from {Folder}: {Nx}×{Ny}×{Nz} voxels, spacing {Spacing} mm, {Storage}",
            series.SeriesInstanceUid, folder, volume.Nx, volume.Ny, volume.Nz, volume.Spacing, volume.Storage);
        return new DicomSeriesVolume(volume, series.SeriesInstanceUid, series.Modality, series.TransferSyntaxes,
            files, series.OtherSeries, series.SkippedFiles, series.NonImageFiles);
    }

    /// <summary>
    /// Reads one file's pixel data as a volume (its frames are the slices, ordered along the normal).
    /// </summary>
    /// <exception cref="DicomFormatException">Malformed, unsupported or inconsistent.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static CtVolume ReadFile(string path, CancellationToken cancellationToken = default) =>
        SliceStackAssembler.Assemble(DicomFile.ReadSlices(path), new DicomSeriesOptions(), null, cancellationToken)
            .Volume;

    /// <summary>Reads a DICOM file held in a stream (seekable, positioned at the file's start) as a volume.</summary>
    /// <param name="stream">The file's bytes; it is read, not disposed.</param>
    /// <param name="name">Names the data in error messages.</param>
    /// <param name="cancellationToken">Cancels between frames.</param>
    /// <exception cref="DicomFormatException">Malformed, unsupported or inconsistent.</exception>
    public static CtVolume ReadFile(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        var (slices, openPixels) = DicomFile.ReadSlices(stream, name);
        return SliceStackAssembler.Assemble(slices, new DicomSeriesOptions(), null, cancellationToken, openPixels)
            .Volume;
    }

    /// <summary>Reads the volume with its DICOM details.</summary>
    public LoadedVolume ReadWithMetadata(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var s = ReadSeries(path, null, cancellationToken);
            var meta = new Dictionary<string, string>
            {
                ["seriesInstanceUid"] = s.SeriesInstanceUid,
                ["modality"] = s.Modality,
                ["transferSyntax"] = string.Join("; ", s.TransferSyntaxes.Select(t => $"{t.Uid} ({t.Name})")),
                ["files"] = s.Files.Count.ToString(CultureInfo.InvariantCulture),
            };
            if (s.OtherSeries.Count > 0)
                meta["otherSeries"] = string.Join("; ", s.OtherSeries.Select(o =>
                    $"{o.SeriesInstanceUid} {o.Modality} '{o.Description}' ({o.Frames} slices)"));
            if (s.SkippedFiles.Count > 0)
                meta["skippedFiles"] = string.Join("; ", s.SkippedFiles.Select(f => f.Reason));
            if (s.NonImageFiles.Count > 0)
                meta["nonImageFiles"] = s.NonImageFiles.Count.ToString(CultureInfo.InvariantCulture);
            return new LoadedVolume(s.Volume, "DICOM series", meta);
        }
        var info = DicomFile.ReadInfo(path);
        var volume = ReadFile(path, cancellationToken);
        return new LoadedVolume(volume, "DICOM file", new Dictionary<string, string>
        {
            ["seriesInstanceUid"] = info.SeriesInstanceUid,
            ["modality"] = info.Modality,
            ["transferSyntax"] = $"{info.TransferSyntax.Uid} ({info.TransferSyntax.Name})",
            ["frames"] = info.Frames.ToString(CultureInfo.InvariantCulture),
        });
    }
}
