using System.Buffers.Binary;
using EndoDepth.Crf;
using EndoDepth.IO;
using EndoDepth.IO.Dicom;
using EndoDepth.IO.Nifti;
using EndoDepth.Volumes;

namespace EndoDepth.Fuzz;

/// <summary>
/// The code under test: read bytes as one kind of file. The format's typed exception (a <see cref="DataFileException"/>
/// or <see cref="ModelFileException"/>) is the expected answer to bad input; any other exception is a finding, and so
/// is an input that takes over a second (the campaign's slow inputs).
/// </summary>
internal static class FuzzTarget
{
    /// <summary>The target reading one kind of file: dicom, nifti, image or model.</summary>
    public static Action<ReadOnlySpan<byte>> For(string kind) => kind switch
    {
        "dicom" => Dicom,
        "nifti" => Nifti,
        "image" => Image,
        "depth" => Depth,
        "model" => ModelHeader,
        "model-full" => ModelFull,
        _ => throw new ArgumentException($"unknown target '{kind}' (dicom, nifti, image, depth, model, model-full)"),
    };

    /// <summary>The seed files' extensions for a kind.</summary>
    public static string[] Extensions(string kind) => kind switch
    {
        "dicom" => [".dcm"],
        "nifti" => [".nii"],
        "image" => [".png", ".jpg", ".bmp"],
        "depth" => [".png", ".tiff", ".tif"],
        _ => [".edcrf"],
    };

    private static void Dicom(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream(data.ToArray(), writable: false);
        try { DicomVolumeSource.ReadFile(ms, "(fuzz)"); }
        catch (DicomFormatException) { }
    }

    private static void Nifti(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream(data.ToArray(), writable: false);
        try { NiftiFile.Read(ms, "(fuzz)", ms.Length); }
        catch (NiftiFormatException) { }
    }

    /// <summary>
    /// The 8-bit image reader, on the input as it is and, for a PNG, once more with every chunk's CRC repaired, so
    /// that mutations reach the pixel decoder instead of stopping at the checksum.
    /// </summary>
    private static void Image(ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        try { PngFile.Decode(bytes, "(fuzz)"); }
        catch (ImageFormatException) { }
        if (!RepairPngCrcs(bytes)) return;
        try { PngFile.Decode(bytes, "(fuzz)"); }
        catch (ImageFormatException) { }
    }

    /// <summary>The model-file reader and the header's settings check: everything before weights are built.</summary>
    /// <summary>
    /// The 16-bit depth readers (ImageSharp behind <see cref="PngLayout"/> and <see cref="TiffLayout"/>): every input
    /// through the TIFF reader and the 16-bit PNG reader, the PNG once more with its CRCs repaired.
    /// </summary>
    private static void Depth(ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        try { Grey16Decoding.DecodeTiff(bytes, "(fuzz)"); }
        catch (ImageFormatException) { }
        try { Grey16Png.Read(bytes, "(fuzz)"); }
        catch (ImageFormatException) { }
        if (!RepairPngCrcs(bytes)) return;
        try { Grey16Png.Read(bytes, "(fuzz)"); }
        catch (ImageFormatException) { }
    }

    private static void ModelHeader(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream(data.ToArray(), writable: false);
        try
        {
            var (header, _, _) = ModelFile.ReadWithBlobs(ms, "(fuzz)");
            CrfModel.SettingsFromHeader("(fuzz)", header, null);
        }
        catch (ModelFileException) { }
    }

    /// <summary>A whole model load: parse, settings, networks built, weights copied (slower; a smaller campaign).</summary>
    private static void ModelFull(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream(data.ToArray(), writable: false);
        try { using var model = CrfModel.Load(ms, "(fuzz)"); }
        catch (ModelFileException) { }
    }

    private static bool RepairPngCrcs(byte[] b)
    {
        if (b.Length < 8 || b[0] != 0x89 || b[1] != (byte)'P') return false;
        for (var pos = 8; b.Length - pos >= 12;)
        {
            var len = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(pos));
            if (len > b.Length - pos - 12) break;
            var crc = PngCrc.Of(b.AsSpan(pos + 4, 4), b.AsSpan(pos + 8, (int)len));
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(pos + 8 + (int)len), crc);
            pos += 12 + (int)len;
        }
        return true;
    }
}
