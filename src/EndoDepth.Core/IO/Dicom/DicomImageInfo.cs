using EndoDepth.Geometry;

namespace EndoDepth.IO.Dicom;

/// <summary>
/// What a DICOM image file's header says about its pixels and geometry (read without touching the pixel data).
/// Enhanced multi-frame files are read through their functional groups: per-frame Plane Position, shared (or first
/// per-frame) Plane Orientation, Pixel Measures and Pixel Value Transformation.
/// </summary>
public sealed record DicomImageInfo
{
    /// <summary>The file.</summary>
    public required string Path { get; init; }
    /// <summary>The transfer syntax (from the meta group, or guessed for files without one).</summary>
    public required DicomTransferSyntax TransferSyntax { get; init; }
    /// <summary>Series Instance UID (0020,000E), or "" when absent.</summary>
    public string SeriesInstanceUid { get; init; } = "";
    /// <summary>SOP Instance UID (0008,0018), or "".</summary>
    public string SopInstanceUid { get; init; } = "";
    /// <summary>Modality (0008,0060), or "".</summary>
    public string Modality { get; init; } = "";
    /// <summary>Series Description (0008,103E), or "".</summary>
    public string SeriesDescription { get; init; } = "";
    /// <summary>Instance Number (0020,0013), when present.</summary>
    public int? InstanceNumber { get; init; }
    /// <summary>True when the file has top-level Pixel Data.</summary>
    public bool HasPixelData { get; init; }
    /// <summary>Rows (0028,0010).</summary>
    public int Rows { get; init; }
    /// <summary>Columns (0028,0011).</summary>
    public int Columns { get; init; }
    /// <summary>Number of Frames (0028,0008), 1 when absent.</summary>
    public int Frames { get; init; } = 1;
    /// <summary>Samples per Pixel (0028,0002), 1 when absent.</summary>
    public int SamplesPerPixel { get; init; } = 1;
    /// <summary>Photometric Interpretation (0028,0004), "MONOCHROME2" when absent.</summary>
    public string PhotometricInterpretation { get; init; } = "MONOCHROME2";
    /// <summary>Bits Allocated (0028,0100).</summary>
    public int BitsAllocated { get; init; }
    /// <summary>Bits Stored (0028,0101).</summary>
    public int BitsStored { get; init; }
    /// <summary>High Bit (0028,0102).</summary>
    public int HighBit { get; init; }
    /// <summary>Pixel Representation (0028,0103): 0 unsigned, 1 two's complement.</summary>
    public int PixelRepresentation { get; init; }
    /// <summary>Rescale Slope (0028,1053), 1 when absent.</summary>
    public double RescaleSlope { get; init; } = 1;
    /// <summary>Rescale Intercept (0028,1052), 0 when absent.</summary>
    public double RescaleIntercept { get; init; }
    /// <summary>Pixel Spacing (0028,0030) as (between columns, between rows) in mm — i.e. along i then j.</summary>
    public (double Column, double Row)? PixelSpacing { get; init; }
    /// <summary>Slice Thickness (0018,0050), mm.</summary>
    public double? SliceThickness { get; init; }
    /// <summary>Spacing Between Slices (0018,0088), mm.</summary>
    public double? SpacingBetweenSlices { get; init; }
    /// <summary>Image Orientation (Patient): the unit LPS direction of increasing column index (i).</summary>
    public Float3? RowDirection { get; init; }
    /// <summary>Image Orientation (Patient): the unit LPS direction of increasing row index (j).</summary>
    public Float3? ColumnDirection { get; init; }
    /// <summary>Image Position (Patient) of each frame (LPS, mm; the centre of the first pixel), when known.</summary>
    public IReadOnlyList<Float3>? FramePositions { get; init; }

    /// <summary>
    /// Per-frame Rescale Slope/Intercept of an enhanced multi-frame image whose per-frame functional groups carry a
    /// Pixel Value Transformation; null when one slope/intercept applies to every frame.
    /// </summary>
    public IReadOnlyList<(double Slope, double Intercept)>? FrameRescale { get; init; }

    /// <summary>The Rescale Slope and Intercept of frame <paramref name="frame"/> (0-based).</summary>
    public (double Slope, double Intercept) RescaleOf(int frame) =>
        FrameRescale is { } r && frame < r.Count ? r[frame] : (RescaleSlope, RescaleIntercept);

    internal PixelDataLocation? Pixel { get; init; }
    internal long DatasetStart { get; init; }

    /// <summary>Bytes of one frame's pixel data.</summary>
    public long FrameBytes => (long)Rows * Columns * SamplesPerPixel * (BitsAllocated / 8);

    internal static DicomImageInfo From(DicomFileHeader h)
    {
        var d = h.Dataset;
        var shared = d.FirstItem(DicomTag.SharedFunctionalGroupsSequence);
        var perFrame = d[DicomTag.PerFrameFunctionalGroupsSequence]?.Items;
        var first = perFrame is { Count: > 0 } ? perFrame[0] : null;

        double[]? Find(DicomTag seq, DicomTag tag, int? count)
        {
            return d.GetDecimals(tag, count)
                ?? shared?.FirstItem(seq)?.GetDecimals(tag, count)
                ?? first?.FirstItem(seq)?.GetDecimals(tag, count);
        }

        var frames = (int?)d.GetDecimals(DicomTag.NumberOfFrames, 1)?[0] ?? 1;
        if (frames < 1) throw new DicomFormatException(h.Path, $"Number of Frames is {frames}");
        var iop = Find(DicomTag.PlaneOrientationSequence, DicomTag.ImageOrientationPatient, 6);
        var ps = Find(DicomTag.PixelMeasuresSequence, DicomTag.PixelSpacing, 2);
        var slope = Find(DicomTag.PixelValueTransformationSequence, DicomTag.RescaleSlope, 1)?[0] ?? 1;
        var intercept = Find(DicomTag.PixelValueTransformationSequence, DicomTag.RescaleIntercept, 1)?[0] ?? 0;

        IReadOnlyList<(double Slope, double Intercept)>? frameRescale = null;
        if (perFrame is { Count: > 0 } && perFrame.Count == frames
            && perFrame.Any(f => f.FirstItem(DicomTag.PixelValueTransformationSequence) is not null))
            frameRescale = perFrame.Select(f =>
            {
                var pv = f.FirstItem(DicomTag.PixelValueTransformationSequence);
                return (pv?.GetDecimals(DicomTag.RescaleSlope, 1)?[0] ?? slope,
                    pv?.GetDecimals(DicomTag.RescaleIntercept, 1)?[0] ?? intercept);
            }).ToList();

        IReadOnlyList<Float3>? positions = null;
        if (perFrame is { Count: > 0 } && perFrame.Count == frames
            && perFrame.All(f =>
                f.FirstItem(DicomTag.PlanePositionSequence)?.Contains(DicomTag.ImagePositionPatient) == true))
            positions = perFrame.Select(f => ToFloat3(
                f.FirstItem(DicomTag.PlanePositionSequence)!.GetDecimals(DicomTag.ImagePositionPatient, 3)!)).ToList();
        else if (d.GetDecimals(DicomTag.ImagePositionPatient, 3) is { } ipp)
        {
            var p0 = ToFloat3(ipp);
            if (frames == 1) positions = [p0];
            else if (iop is not null && Find(DicomTag.PixelMeasuresSequence, DicomTag.SpacingBetweenSlices,
                1) is { } sbs)
            {
                // A multi-frame file with one position: frames step along the normal by Spacing Between Slices.
                var n = Float3.Normalize(Float3.Cross(ToFloat3(iop), ToFloat3(iop.AsSpan(3))));
                positions = Enumerable.Range(0, frames).Select(k => p0 + n * (float)(k * sbs[0])).ToList();
            }
        }

        return new DicomImageInfo
        {
            Path = h.Path,
            TransferSyntax = h.TransferSyntax,
            SeriesInstanceUid = d.GetString(DicomTag.SeriesInstanceUid) ?? "",
            SopInstanceUid = d.GetString(DicomTag.SopInstanceUid) ?? "",
            Modality = d.GetString(DicomTag.Modality) ?? "",
            SeriesDescription = d.GetString(DicomTag.SeriesDescription) ?? "",
            InstanceNumber = d.GetDecimals(DicomTag.InstanceNumber, 1) is { } inum ? (int)inum[0] : null,
            HasPixelData = h.Pixel is not null,
            Rows = d.GetUInt16(DicomTag.Rows) ?? 0,
            Columns = d.GetUInt16(DicomTag.Columns) ?? 0,
            Frames = frames,
            SamplesPerPixel = d.GetUInt16(DicomTag.SamplesPerPixel) ?? 1,
            PhotometricInterpretation =
                d.GetString(DicomTag.PhotometricInterpretation) is { Length: > 0 } pi ? pi : "MONOCHROME2",
            BitsAllocated = d.GetUInt16(DicomTag.BitsAllocated) ?? 0,
            BitsStored = d.GetUInt16(DicomTag.BitsStored) ?? d.GetUInt16(DicomTag.BitsAllocated) ?? 0,
            HighBit = d.GetUInt16(DicomTag.HighBit)
                ?? ((d.GetUInt16(DicomTag.BitsStored) ?? d.GetUInt16(DicomTag.BitsAllocated) ?? 1) - 1),
            PixelRepresentation = d.GetUInt16(DicomTag.PixelRepresentation) ?? 0,
            RescaleSlope = slope,
            RescaleIntercept = intercept,
            PixelSpacing = ps is null ? null : (ps[1], ps[0]),
            SliceThickness = Find(DicomTag.PixelMeasuresSequence, DicomTag.SliceThickness, 1)?[0],
            SpacingBetweenSlices = Find(DicomTag.PixelMeasuresSequence, DicomTag.SpacingBetweenSlices, 1)?[0],
            RowDirection = iop is null ? null : Float3.Normalize(ToFloat3(iop)),
            ColumnDirection = iop is null ? null : Float3.Normalize(ToFloat3(iop.AsSpan(3))),
            FramePositions = positions,
            FrameRescale = frameRescale,
            Pixel = h.Pixel,
            DatasetStart = h.DatasetStart,
        };
    }

    private static Float3 ToFloat3(ReadOnlySpan<double> v) => new((float)v[0], (float)v[1], (float)v[2]);
}
