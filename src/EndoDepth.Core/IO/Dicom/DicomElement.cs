namespace EndoDepth.IO.Dicom;

/// <summary>
/// One parsed data element: its VR (as read, or inferred for implicit VR), where its value lies, the value bytes when
/// small enough to keep, and the items when it is a sequence EndoDepth navigates.
/// </summary>
internal sealed class DicomElement
{
    public required DicomTag Tag { get; init; }
    /// <summary>Two-letter VR; for implicit VR the dictionary's VR or "UN".</summary>
    public required string Vr { get; init; }
    /// <summary>Byte offset of the value (in the decoded data set stream).</summary>
    public required long ValueOffset { get; init; }
    /// <summary>Value length (−1 for undefined length).</summary>
    public required long Length { get; init; }
    /// <summary>The value, when kept (small, non-sequence).</summary>
    public byte[]? Value { get; init; }
    /// <summary>Sequence items, when kept.</summary>
    public List<DicomDataset>? Items { get; init; }
}
