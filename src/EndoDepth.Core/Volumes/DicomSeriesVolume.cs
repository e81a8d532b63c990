using EndoDepth.IO.Dicom;

namespace EndoDepth.Volumes;

/// <summary>A DICOM series read as a volume, with what else the folder held.</summary>
/// <param name="Volume">The volume in HU, slices sorted along the slice normal.</param>
/// <param name="SeriesInstanceUid">The series read.</param>
/// <param name="Modality">Its modality (e.g. CT).</param>
/// <param name="TransferSyntaxes">The distinct transfer syntaxes of its files.</param>
/// <param name="Files">Its files in slice order (a multi-frame file appears once per frame).</param>
/// <param name="OtherSeries">The other image series found in the folder (not read).</param>
/// <param name="SkippedFiles">
/// Unreadable files skipped because <see cref="DicomSeriesOptions.SkipBadFiles"/> was set.
/// </param>
/// <param name="NonImageFiles">DICOM files without pixel data (DICOMDIR, structured reports, …).</param>
public sealed record DicomSeriesVolume(
    CtVolume Volume,
    string SeriesInstanceUid,
    string Modality,
    IReadOnlyList<DicomTransferSyntax> TransferSyntaxes,
    IReadOnlyList<string> Files,
    IReadOnlyList<DicomSeriesSummary> OtherSeries,
    IReadOnlyList<DicomSkippedFile> SkippedFiles,
    IReadOnlyList<string> NonImageFiles);
