using Microsoft.Extensions.Logging;

namespace EndoDepth.IO.Dicom;

/// <summary>
/// Reads the slices of one DICOM series from a folder. Files are grouped by Series Instance UID; the largest series
/// (or the one <see cref="DicomSeriesOptions.SeriesInstanceUid"/> names) is chosen, its files' headers are read and
/// their pixel data checked as decodable. Placing the slices in space and reading their pixels into a volume is
/// <c>EndoDepth.Volumes.DicomVolumeSource</c>'s work.
/// </summary>
public static class DicomSeries
{
    /// <summary>Reads the slices of the series in <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="options">Series choice and bad-file policy (defaults when null).</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    /// <exception cref="DicomFormatException">A bad file (unless skipped), or no image series.</exception>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public static DicomSeriesSlices ReadSlices(string folder, DicomSeriesOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new DicomSeriesOptions();
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        var scan = ScanFolder(folder, options, cancellationToken);
        var groups = scan.Images.GroupBy(i => i.SeriesInstanceUid)
            .Select(g => g.ToList())
            .OrderByDescending(g => g.Sum(i => i.Frames)).ThenBy(g => g[0].SeriesInstanceUid, StringComparer.Ordinal)
            .ToList();
        if (groups.Count == 0)
            throw new DicomFormatException(folder, $"no DICOM image series in the folder ({scan.FileCount} files, "
                + $"{scan.NonImage.Count} without pixel data, {scan.Skipped.Count} skipped)");
        var chosen = Choose(folder, groups, options.SeriesInstanceUid);
        var others = groups.Where(g => g != chosen)
            .Select(g => new DicomSeriesSummary(g[0].SeriesInstanceUid, g[0].Modality, g[0].SeriesDescription,
                g.Count, g.Sum(i => i.Frames)))
            .ToList();
        if (options.SkipBadFiles) chosen = DropUndecodable(folder, chosen, scan.Skipped);
        Log(options.Logger, folder, scan, others);
        return new DicomSeriesSlices(chosen[0].SeriesInstanceUid, chosen[0].Modality,
            chosen.Select(i => i.TransferSyntax).Distinct().ToList(), chosen.SelectMany(DicomSlice.Of).ToList(),
            others, scan.Skipped, scan.NonImage);
    }

    /// <summary>
    /// The headers of every file of a folder, sorted into images, files without pixels and skipped files.
    /// </summary>
    private sealed record FolderScan(
        int FileCount, List<DicomImageInfo> Images, List<string> NonImage, List<DicomSkippedFile> Skipped);

    private static FolderScan ScanFolder(string folder, DicomSeriesOptions options, CancellationToken cancellationToken)
    {
        var depth = options.Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        var files = Directory.EnumerateFiles(folder, "*", depth)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var scan = new FolderScan(files.Count, [], [], []);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var info = DicomFile.ReadInfo(file);
                if (info.HasPixelData) scan.Images.Add(info);
                else scan.NonImage.Add(file);
            }
            catch (Exception e) when (options.SkipBadFiles && e is IOException or UnauthorizedAccessException)
            {
                scan.Skipped.Add(new DicomSkippedFile(file, e.Message));
            }
        }
        return scan;
    }

    private static List<DicomImageInfo> Choose(string folder, List<List<DicomImageInfo>> groups, string? uid)
    {
        if (uid is null) return groups[0];
        return groups.FirstOrDefault(g => g[0].SeriesInstanceUid == uid)
               ?? throw new DicomFormatException(folder, $"series {uid} is not in the folder; found "
                   + string.Join(", ", groups.Select(g => g[0].SeriesInstanceUid)));
    }

    /// <summary>
    /// The files whose pixel data can be decoded; the others are added to <paramref name="skipped"/>.
    /// </summary>
    private static List<DicomImageInfo> DropUndecodable(string folder, List<DicomImageInfo> chosen,
        List<DicomSkippedFile> skipped)
    {
        var good = new List<DicomImageInfo>();
        foreach (var info in chosen)
        {
            try { DicomPixelDecoder.Validate(info); good.Add(info); }
            catch (DataFileException e) { skipped.Add(new DicomSkippedFile(info.Path, e.Message)); }
        }
        if (good.Count == 0)
            throw new DicomFormatException(folder,
                $"every file of series {chosen[0].SeriesInstanceUid} was skipped: {skipped[^1].Reason}");
        return good;
    }

    private static void Log(ILogger log, string folder, FolderScan scan, List<DicomSeriesSummary> others)
    {
        foreach (var f in scan.Skipped) log.LogWarning("Skipped {File}: {Reason}", f.Path, f.Reason);
        foreach (var o in others)
            log.LogWarning("{Folder} also holds series {Uid} ({Modality} '{Description}', {Frames} slices), not read",
                folder, o.SeriesInstanceUid, o.Modality, o.Description, o.Frames);
        if (scan.NonImage.Count > 0)
            log.LogInformation("{Count} DICOM files without pixel data in {Folder}", scan.NonImage.Count, folder);
    }
}
