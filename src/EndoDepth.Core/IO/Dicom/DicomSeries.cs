using Microsoft.Extensions.Logging;

namespace EndoDepth.IO.Dicom;

/// <summary>
/// Reads a folder of DICOM files as one series volume. Files are grouped by Series Instance UID; the slices (files,
/// or frames of multi-frame files) are sorted by Image Position (Patient) projected on the slice normal
/// n = row × column direction; the slice spacing comes from those positions (never from Slice Thickness) and the
/// directions from Image Orientation (Patient). Series with mixed sizes, orientations or pixel spacings, uneven
/// gaps, duplicate positions or gantry tilt are refused with a message naming the files. Pixel data is read one
/// slice at a time straight into the volume.
/// </summary>
public static class DicomSeries
{
    /// <summary>Reads the series in <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="options">Series choice, bad-file policy and tolerances (defaults when null).</param>
    /// <param name="progress">Receives the fraction of slices read (0..1).</param>
    /// <param name="cancellationToken">Cancels between files and slices.</param>
    /// <exception cref="DicomFormatException">A bad file (unless skipped), no image series, or an inconsistent series.</exception>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public static DicomSeriesVolume Read(string folder, DicomSeriesOptions? options = null, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new DicomSeriesOptions();
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        var files = Directory.EnumerateFiles(folder, "*", options.Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var images = new List<DicomImageInfo>();
        var skipped = new List<DicomSkippedFile>();
        var nonImage = new List<string>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var info = DicomFile.ReadInfo(file);
                if (info.HasPixelData) images.Add(info);
                else nonImage.Add(file);
            }
            catch (Exception e) when (options.SkipBadFiles && e is IOException or UnauthorizedAccessException) { skipped.Add(new DicomSkippedFile(file, e.Message)); }
        }
        var groups = images.GroupBy(i => i.SeriesInstanceUid)
            .Select(g => g.ToList())
            .OrderByDescending(g => g.Sum(i => i.Frames)).ThenBy(g => g[0].SeriesInstanceUid, StringComparer.Ordinal)
            .ToList();
        if (groups.Count == 0)
            throw new DicomFormatException(folder, $"no DICOM image series in the folder ({files.Count} files, {nonImage.Count} without pixel data, {skipped.Count} skipped)");
        var chosen = options.SeriesInstanceUid is null ? groups[0]
            : groups.FirstOrDefault(g => g[0].SeriesInstanceUid == options.SeriesInstanceUid)
              ?? throw new DicomFormatException(folder, $"series {options.SeriesInstanceUid} is not in the folder; found {string.Join(", ", groups.Select(g => g[0].SeriesInstanceUid))}");
        var others = groups.Where(g => g != chosen)
            .Select(g => new DicomSeriesSummary(g[0].SeriesInstanceUid, g[0].Modality, g[0].SeriesDescription, g.Count, g.Sum(i => i.Frames)))
            .ToList();

        if (options.SkipBadFiles)
        {
            var good = new List<DicomImageInfo>();
            foreach (var info in chosen)
            {
                try { DicomPixelDecoder.Validate(info); good.Add(info); }
                catch (DataFileException e) { skipped.Add(new DicomSkippedFile(info.Path, e.Message)); }
            }
            if (good.Count == 0) throw new DicomFormatException(folder, $"every file of series {chosen[0].SeriesInstanceUid} was skipped: {skipped[^1].Reason}");
            chosen = good;
        }
        var log = options.Logger;
        foreach (var f in skipped) log.LogWarning("Skipped {File}: {Reason}", f.Path, f.Reason);
        foreach (var o in others)
            log.LogWarning("{Folder} also holds series {Uid} ({Modality} '{Description}', {Frames} slices), not read", folder, o.SeriesInstanceUid, o.Modality, o.Description, o.Frames);
        if (nonImage.Count > 0) log.LogInformation("{Count} DICOM files without pixel data in {Folder}", nonImage.Count, folder);
        var assembled = DicomVolumeAssembler.Assemble(chosen, options, progress, cancellationToken);
        var v = assembled.Volume;
        log.LogInformation("Read series {Uid} from {Folder}: {Nx}×{Ny}×{Nz} voxels, spacing {Spacing} mm, {Storage}",
            chosen[0].SeriesInstanceUid, folder, v.Nx, v.Ny, v.Nz, v.Spacing, v.Storage);
        return new DicomSeriesVolume(assembled.Volume, chosen[0].SeriesInstanceUid, chosen[0].Modality,
            chosen.Select(i => i.TransferSyntax).Distinct().ToList(), assembled.SliceFiles, others, skipped, nonImage);
    }
}
