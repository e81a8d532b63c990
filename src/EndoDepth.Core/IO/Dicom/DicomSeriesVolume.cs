using EndoDepth.Volumes;

namespace EndoDepth.IO.Dicom;

/// <summary>A DICOM series read as a volume, with what else the folder held.</summary>
/// <param name="Volume">The volume in HU, slices sorted along the slice normal.</param>
/// <param name="SeriesInstanceUid">The series read.</param>
/// <param name="Modality">Its modality (e.g. CT).</param>
/// <param name="TransferSyntaxes">The distinct transfer syntaxes of its files.</param>
/// <param name="Files">Its files in slice order (a multi-frame file appears once per frame).</param>
/// <param name="OtherSeries">The other image series found in the folder (not read).</param>
/// <param name="SkippedFiles">Unreadable files skipped because <see cref="DicomSeriesOptions.SkipBadFiles"/> was set.</param>
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

/// <summary>A series found next to the one read.</summary>
/// <param name="SeriesInstanceUid">Its UID.</param>
/// <param name="Modality">Its modality.</param>
/// <param name="Description">Its Series Description.</param>
/// <param name="Files">How many files.</param>
/// <param name="Frames">How many frames in all.</param>
public sealed record DicomSeriesSummary(string SeriesInstanceUid, string Modality, string Description, int Files, int Frames);

/// <summary>A file skipped on request, and why.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">The error message.</param>
public sealed record DicomSkippedFile(string Path, string Reason);
