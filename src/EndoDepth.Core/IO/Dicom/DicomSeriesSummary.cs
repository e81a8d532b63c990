namespace EndoDepth.IO.Dicom;

/// <summary>A series found next to the one read.</summary>
/// <param name="SeriesInstanceUid">Its UID.</param>
/// <param name="Modality">Its modality.</param>
/// <param name="Description">Its Series Description.</param>
/// <param name="Files">How many files.</param>
/// <param name="Frames">How many frames in all.</param>
public sealed record DicomSeriesSummary(
    string SeriesInstanceUid, string Modality, string Description, int Files, int Frames);
