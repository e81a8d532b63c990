namespace EndoDepth.IO.Dicom;

/// <summary>A DICOM attribute tag (group, element).</summary>
/// <param name="Group">The group number.</param>
/// <param name="Element">The element number.</param>
public readonly record struct DicomTag(ushort Group, ushort Element)
{
    /// <summary>Transfer Syntax UID (0002,0010).</summary>
    public static DicomTag TransferSyntaxUid => new(0x0002, 0x0010);
    /// <summary>SOP Instance UID (0008,0018).</summary>
    public static DicomTag SopInstanceUid => new(0x0008, 0x0018);
    /// <summary>Modality (0008,0060).</summary>
    public static DicomTag Modality => new(0x0008, 0x0060);
    /// <summary>Series Description (0008,103E).</summary>
    public static DicomTag SeriesDescription => new(0x0008, 0x103E);
    /// <summary>Slice Thickness (0018,0050).</summary>
    public static DicomTag SliceThickness => new(0x0018, 0x0050);
    /// <summary>Spacing Between Slices (0018,0088).</summary>
    public static DicomTag SpacingBetweenSlices => new(0x0018, 0x0088);
    /// <summary>Series Instance UID (0020,000E).</summary>
    public static DicomTag SeriesInstanceUid => new(0x0020, 0x000E);
    /// <summary>Instance Number (0020,0013).</summary>
    public static DicomTag InstanceNumber => new(0x0020, 0x0013);
    /// <summary>Image Position (Patient) (0020,0032).</summary>
    public static DicomTag ImagePositionPatient => new(0x0020, 0x0032);
    /// <summary>Image Orientation (Patient) (0020,0037).</summary>
    public static DicomTag ImageOrientationPatient => new(0x0020, 0x0037);
    /// <summary>Plane Position Sequence (0020,9113).</summary>
    public static DicomTag PlanePositionSequence => new(0x0020, 0x9113);
    /// <summary>Plane Orientation Sequence (0020,9116).</summary>
    public static DicomTag PlaneOrientationSequence => new(0x0020, 0x9116);
    /// <summary>Samples per Pixel (0028,0002).</summary>
    public static DicomTag SamplesPerPixel => new(0x0028, 0x0002);
    /// <summary>Photometric Interpretation (0028,0004).</summary>
    public static DicomTag PhotometricInterpretation => new(0x0028, 0x0004);
    /// <summary>Number of Frames (0028,0008).</summary>
    public static DicomTag NumberOfFrames => new(0x0028, 0x0008);
    /// <summary>Rows (0028,0010).</summary>
    public static DicomTag Rows => new(0x0028, 0x0010);
    /// <summary>Columns (0028,0011).</summary>
    public static DicomTag Columns => new(0x0028, 0x0011);
    /// <summary>Pixel Spacing (0028,0030).</summary>
    public static DicomTag PixelSpacing => new(0x0028, 0x0030);
    /// <summary>Bits Allocated (0028,0100).</summary>
    public static DicomTag BitsAllocated => new(0x0028, 0x0100);
    /// <summary>Bits Stored (0028,0101).</summary>
    public static DicomTag BitsStored => new(0x0028, 0x0101);
    /// <summary>High Bit (0028,0102).</summary>
    public static DicomTag HighBit => new(0x0028, 0x0102);
    /// <summary>Pixel Representation (0028,0103).</summary>
    public static DicomTag PixelRepresentation => new(0x0028, 0x0103);
    /// <summary>Rescale Intercept (0028,1052).</summary>
    public static DicomTag RescaleIntercept => new(0x0028, 0x1052);
    /// <summary>Rescale Slope (0028,1053).</summary>
    public static DicomTag RescaleSlope => new(0x0028, 0x1053);
    /// <summary>Pixel Measures Sequence (0028,9110).</summary>
    public static DicomTag PixelMeasuresSequence => new(0x0028, 0x9110);
    /// <summary>Pixel Value Transformation Sequence (0028,9145).</summary>
    public static DicomTag PixelValueTransformationSequence => new(0x0028, 0x9145);
    /// <summary>Shared Functional Groups Sequence (5200,9229).</summary>
    public static DicomTag SharedFunctionalGroupsSequence => new(0x5200, 0x9229);
    /// <summary>Per-frame Functional Groups Sequence (5200,9230).</summary>
    public static DicomTag PerFrameFunctionalGroupsSequence => new(0x5200, 0x9230);
    /// <summary>Pixel Data (7FE0,0010).</summary>
    public static DicomTag PixelData => new(0x7FE0, 0x0010);
    /// <summary>Item (FFFE,E000).</summary>
    public static DicomTag Item => new(0xFFFE, 0xE000);
    /// <summary>Item Delimitation Item (FFFE,E00D).</summary>
    public static DicomTag ItemDelimitation => new(0xFFFE, 0xE00D);
    /// <summary>Sequence Delimitation Item (FFFE,E0DD).</summary>
    public static DicomTag SequenceDelimitation => new(0xFFFE, 0xE0DD);

    /// <summary>True for private tags (odd group).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>"(gggg,eeee)" in hexadecimal.</summary>
    public override string ToString() => $"({Group:X4},{Element:X4})";
}
