namespace EndoDepth.IO.Dicom;

/// <summary>
/// The few attributes EndoDepth reads: their names for messages and, for implicit VR data sets, their VRs (PS3.6).
/// Everything else is skipped by length, so no full data dictionary is needed.
/// </summary>
internal static class DicomDictionary
{
    private static readonly Dictionary<DicomTag, (string Name, string Vr)> Entries = new()
    {
        [DicomTag.TransferSyntaxUid] = ("Transfer Syntax UID", "UI"),
        [DicomTag.SopInstanceUid] = ("SOP Instance UID", "UI"),
        [DicomTag.Modality] = ("Modality", "CS"),
        [DicomTag.SeriesDescription] = ("Series Description", "LO"),
        [DicomTag.SliceThickness] = ("Slice Thickness", "DS"),
        [DicomTag.SpacingBetweenSlices] = ("Spacing Between Slices", "DS"),
        [DicomTag.SeriesInstanceUid] = ("Series Instance UID", "UI"),
        [DicomTag.InstanceNumber] = ("Instance Number", "IS"),
        [DicomTag.ImagePositionPatient] = ("Image Position (Patient)", "DS"),
        [DicomTag.ImageOrientationPatient] = ("Image Orientation (Patient)", "DS"),
        [DicomTag.PlanePositionSequence] = ("Plane Position Sequence", "SQ"),
        [DicomTag.PlaneOrientationSequence] = ("Plane Orientation Sequence", "SQ"),
        [DicomTag.SamplesPerPixel] = ("Samples per Pixel", "US"),
        [DicomTag.PhotometricInterpretation] = ("Photometric Interpretation", "CS"),
        [DicomTag.NumberOfFrames] = ("Number of Frames", "IS"),
        [DicomTag.Rows] = ("Rows", "US"),
        [DicomTag.Columns] = ("Columns", "US"),
        [DicomTag.PixelSpacing] = ("Pixel Spacing", "DS"),
        [DicomTag.BitsAllocated] = ("Bits Allocated", "US"),
        [DicomTag.BitsStored] = ("Bits Stored", "US"),
        [DicomTag.HighBit] = ("High Bit", "US"),
        [DicomTag.PixelRepresentation] = ("Pixel Representation", "US"),
        [DicomTag.RescaleIntercept] = ("Rescale Intercept", "DS"),
        [DicomTag.RescaleSlope] = ("Rescale Slope", "DS"),
        [DicomTag.PixelMeasuresSequence] = ("Pixel Measures Sequence", "SQ"),
        [DicomTag.PixelValueTransformationSequence] = ("Pixel Value Transformation Sequence", "SQ"),
        [DicomTag.SharedFunctionalGroupsSequence] = ("Shared Functional Groups Sequence", "SQ"),
        [DicomTag.PerFrameFunctionalGroupsSequence] = ("Per-frame Functional Groups Sequence", "SQ"),
        [DicomTag.PixelData] = ("Pixel Data", "OW"),
    };

    /// <summary>The VRs of PS3.5 table 6.2-1.</summary>
    private static readonly HashSet<string> Vrs =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV",
        "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    /// <summary>VRs whose explicit encoding has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2).</summary>
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
        "UT", "UV"];

    public static string Name(DicomTag tag) =>
        Entries.TryGetValue(tag, out var e) ? e.Name : tag.IsPrivate ? "private attribute" : "attribute";

    /// <summary>The VR for an implicit VR element: the dictionary's, or "UN".</summary>
    public static string ImplicitVr(DicomTag tag) => Entries.TryGetValue(tag, out var e) ? e.Vr : "UN";

    public static bool IsVr(string vr) => Vrs.Contains(vr);

    public static bool HasLongLength(string vr) => LongVrs.Contains(vr);

    /// <summary>Sequences whose items EndoDepth reads (enhanced multi-frame functional groups).</summary>
    public static bool IsKeptSequence(DicomTag tag) =>
        tag == DicomTag.SharedFunctionalGroupsSequence || tag == DicomTag.PerFrameFunctionalGroupsSequence
        || tag == DicomTag.PlanePositionSequence || tag == DicomTag.PlaneOrientationSequence
        || tag == DicomTag.PixelMeasuresSequence || tag == DicomTag.PixelValueTransformationSequence;
}
