using System.Buffers.Binary;

namespace EndoDepth.IO.Nifti;

/// <summary>
/// The fields of the 348-byte NIfTI-1 header that a CT volume needs (nifti1.h offsets in the comments). Both byte
/// orders are read (detected by <c>sizeof_hdr</c> = 348); writing is little-endian.
/// </summary>
internal sealed class NiftiHeader
{
    public const int Size = 348;
    /// <summary>Header + 4-byte extension flag: the smallest vox_offset of a single-file (.nii) NIfTI-1.</summary>
    public const int SingleFileDataOffset = 352;

    public bool BigEndian { get; set; }
    public short[] Dim { get; } = new short[8];            // 40
    public NiftiDataType DataType { get; set; }            // 70
    public short BitPix { get; set; }                      // 72
    public float[] PixDim { get; } = new float[8];         // 76
    public float VoxOffset { get; set; }                   // 108
    public float SclSlope { get; set; }                    // 112
    public float SclInter { get; set; }                    // 116
    public byte XyztUnits { get; set; }                    // 123
    public string Description { get; set; } = "";          // 148, 80 chars
    public short QFormCode { get; set; }                   // 252
    public short SFormCode { get; set; }                   // 254
    public float QuaternB { get; set; }                    // 256
    public float QuaternC { get; set; }                    // 260
    public float QuaternD { get; set; }                    // 264
    public float QOffsetX { get; set; }                    // 268
    public float QOffsetY { get; set; }                    // 272
    public float QOffsetZ { get; set; }                    // 276
    public float[] SRowX { get; } = new float[4];          // 280
    public float[] SRowY { get; } = new float[4];          // 296
    public float[] SRowZ { get; } = new float[4];          // 312
    public string Magic { get; set; } = "n+1";             // 344

    /// <summary>Bytes per voxel of <see cref="DataType"/>, or 0 when unsupported.</summary>
    public int BytesPerVoxel => DataType switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => 0,
    };

    public static NiftiHeader Parse(byte[] b, string name)
    {
        if (b.Length < Size) throw new NiftiFormatException(name, $"truncated header: {b.Length} of {Size} bytes", 0);
        var le = BinaryPrimitives.ReadInt32LittleEndian(b);
        var be = BinaryPrimitives.ReadInt32BigEndian(b);
        var h = new NiftiHeader();
        if (le == Size) h.BigEndian = false;
        else if (be == Size) h.BigEndian = true;
        else if (le == 540 || be == 540) throw new NiftiFormatException(name,
            "NIfTI-2 files are not supported (only NIfTI-1)", 0);
        else throw new NiftiFormatException(name, $"not a NIfTI-1 file: sizeof_hdr is {le}, expected 348", 0);

        var bigEndian = h.BigEndian;
        short I16(int o) => bigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(b.AsSpan(o))
            : BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(o));
        float F32(int o) => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(b.AsSpan(o))
            : BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(o));

        for (var i = 0; i < 8; i++) { h.Dim[i] = I16(40 + 2 * i); h.PixDim[i] = F32(76 + 4 * i); }
        h.DataType = (NiftiDataType)I16(70);
        h.BitPix = I16(72);
        h.VoxOffset = F32(108);
        h.SclSlope = F32(112);
        h.SclInter = F32(116);
        h.XyztUnits = b[123];
        h.Description = Text(b.AsSpan(148, 80));
        h.QFormCode = I16(252);
        h.SFormCode = I16(254);
        h.QuaternB = F32(256); h.QuaternC = F32(260); h.QuaternD = F32(264);
        h.QOffsetX = F32(268); h.QOffsetY = F32(272); h.QOffsetZ = F32(276);
        for (var i = 0; i < 4; i++)
        {
            h.SRowX[i] = F32(280 + 4 * i);
            h.SRowY[i] = F32(296 + 4 * i);
            h.SRowZ[i] = F32(312 + 4 * i);
        }
        h.Magic = Text(b.AsSpan(344, 4));
        return h;
    }

    /// <summary>Serialises the header little-endian into the first 348 bytes of <paramref name="b"/>.</summary>
    public void WriteTo(Span<byte> b)
    {
        b[..Size].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(b, Size);
        b[38] = (byte)'r'; // regular
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(b[(40 + 2 * i)..], Dim[i]);
            BinaryPrimitives.WriteSingleLittleEndian(b[(76 + 4 * i)..], PixDim[i]);
        }
        BinaryPrimitives.WriteInt16LittleEndian(b[70..], (short)DataType);
        BinaryPrimitives.WriteInt16LittleEndian(b[72..], BitPix);
        BinaryPrimitives.WriteSingleLittleEndian(b[108..], VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(b[112..], SclSlope);
        BinaryPrimitives.WriteSingleLittleEndian(b[116..], SclInter);
        b[123] = XyztUnits;
        var d = System.Text.Encoding.ASCII.GetBytes(Description);
        d.AsSpan(0, Math.Min(d.Length, 79)).CopyTo(b[148..]);
        BinaryPrimitives.WriteInt16LittleEndian(b[252..], QFormCode);
        BinaryPrimitives.WriteInt16LittleEndian(b[254..], SFormCode);
        BinaryPrimitives.WriteSingleLittleEndian(b[256..], QuaternB);
        BinaryPrimitives.WriteSingleLittleEndian(b[260..], QuaternC);
        BinaryPrimitives.WriteSingleLittleEndian(b[264..], QuaternD);
        BinaryPrimitives.WriteSingleLittleEndian(b[268..], QOffsetX);
        BinaryPrimitives.WriteSingleLittleEndian(b[272..], QOffsetY);
        BinaryPrimitives.WriteSingleLittleEndian(b[276..], QOffsetZ);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b[(280 + 4 * i)..], SRowX[i]);
            BinaryPrimitives.WriteSingleLittleEndian(b[(296 + 4 * i)..], SRowY[i]);
            BinaryPrimitives.WriteSingleLittleEndian(b[(312 + 4 * i)..], SRowZ[i]);
        }
        b[344] = (byte)'n'; b[345] = (byte)'+'; b[346] = (byte)'1'; b[347] = 0;
    }

    private static string Text(ReadOnlySpan<byte> raw)
    {
        var end = raw.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? raw : raw[..end]);
    }
}
