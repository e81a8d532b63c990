namespace EndoDepth.IO.Dicom;

/// <summary>A DICOM transfer syntax: its UID, name, and how EndoDepth can read a data set encoded with it.</summary>
/// <param name="Uid">The transfer syntax UID.</param>
/// <param name="Name">The name from DICOM PS3.6 (or "unknown transfer syntax").</param>
/// <param name="ExplicitVr">Data elements carry their VR.</param>
/// <param name="BigEndian">Multi-byte values are big-endian.</param>
/// <param name="Deflated">The data set after the file meta group is a raw deflate stream.</param>
/// <param name="PixelsSupported">EndoDepth decodes the pixel data (native, uncompressed encoding).</param>
public sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVr, bool BigEndian, bool Deflated,
    bool PixelsSupported)
{
    /// <summary>
    /// Implicit VR Little Endian (the default transfer syntax, and the guess for files without a meta group).
    /// </summary>
    public static DicomTransferSyntax ImplicitVrLittleEndian { get; } = new("1.2.840.10008.1.2",
        "Implicit VR Little Endian", false, false, false, true);
    /// <summary>Explicit VR Little Endian.</summary>
    public static DicomTransferSyntax ExplicitVrLittleEndian { get; } = new("1.2.840.10008.1.2.1",
        "Explicit VR Little Endian", true, false, false, true);
    /// <summary>Deflated Explicit VR Little Endian.</summary>
    public static DicomTransferSyntax DeflatedExplicitVrLittleEndian { get; } = new("1.2.840.10008.1.2.1.99",
        "Deflated Explicit VR Little Endian", true, false, true, true);
    /// <summary>Explicit VR Big Endian (retired, still found in archives).</summary>
    public static DicomTransferSyntax ExplicitVrBigEndian { get; } = new("1.2.840.10008.1.2.2",
        "Explicit VR Big Endian", true, true, false, true);

    private static readonly Dictionary<string, DicomTransferSyntax> Known = Build();

    /// <summary>The transfer syntax for <paramref name="uid"/>; unknown UIDs get a record whose name says so.</summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return Known.TryGetValue(uid, out var ts) ? ts : new DicomTransferSyntax(uid, "unknown transfer syntax", true,
            false, false, false);
    }

    /// <summary>True when the data set encoding is known (even if the pixel data cannot be decoded).</summary>
    public bool IsKnown => Known.ContainsKey(Uid);

    private static Dictionary<string, DicomTransferSyntax> Build()
    {
        var d = new Dictionary<string, DicomTransferSyntax>(StringComparer.Ordinal);
        foreach (var ts in new[] { ImplicitVrLittleEndian, ExplicitVrLittleEndian, DeflatedExplicitVrLittleEndian,
            ExplicitVrBigEndian })
            d[ts.Uid] = ts;
        // Encapsulated (compressed) syntaxes: explicit VR little endian data sets with pixel data we do not decode.
        foreach (var (uid, name) in new[]
                 {
                     ("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
                     ("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
                     ("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
                     ("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
                     ("1.2.840.10008.1.2.4.70",
                         "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
                     ("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
                     ("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
                     ("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
                     ("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
                     ("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
                     ("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
                     ("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
                     ("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
                     ("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
                     ("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
                     ("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
                     ("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
                     ("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video"),
                     ("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video"),
                     ("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2"),
                     ("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
                     ("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"),
                     ("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
                     ("1.2.840.10008.1.2.4.202",
                         "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
                     ("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
                     ("1.2.840.10008.1.2.5", "RLE Lossless"),
                 })
            d[uid] = new DicomTransferSyntax(uid, name, true, false, false, false);
        return d;
    }
}
