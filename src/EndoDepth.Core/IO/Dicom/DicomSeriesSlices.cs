namespace EndoDepth.IO.Dicom;

/// <summary>The slices of one DICOM series as the reader found them, with what else the folder held.</summary>
/// <param name="SeriesInstanceUid">The series read.</param>
/// <param name="Modality">Its modality (e.g. CT).</param>
/// <param name="TransferSyntaxes">The distinct transfer syntaxes of its files.</param>
/// <param name="Slices">Its slices in file order (a multi-frame file gives one per frame), not yet placed in
/// space.</param>
/// <param name="OtherSeries">The other image series found in the folder (not read).</param>
/// <param name="SkippedFiles">
/// Unreadable files skipped because <see cref="DicomSeriesOptions.SkipBadFiles"/> was set.
/// </param>
/// <param name="NonImageFiles">DICOM files without pixel data (DICOMDIR, structured reports, …).</param>
public sealed record DicomSeriesSlices(
    string SeriesInstanceUid,
    string Modality,
    IReadOnlyList<DicomTransferSyntax> TransferSyntaxes,
    IReadOnlyList<DicomSlice> Slices,
    IReadOnlyList<DicomSeriesSummary> OtherSeries,
    IReadOnlyList<DicomSkippedFile> SkippedFiles,
    IReadOnlyList<string> NonImageFiles);
