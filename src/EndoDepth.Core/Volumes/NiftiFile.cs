using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.IO.Nifti;

namespace EndoDepth.Volumes;

/// <summary>
/// NIfTI-1 volumes (<c>.nii</c> and <c>.nii.gz</c>, detected by content, either byte order). Reads datatypes uint8,
/// int8, int16, uint16, int32, float32 and float64 and applies <c>scl_slope</c>/<c>scl_inter</c>; integer data whose
/// scaled values fit int16 stays <see cref="VoxelStorage.Int16"/>, anything else becomes float32. Geometry comes from
/// the sform when <c>sform_code</c> &gt; 0, else the qform when <c>qform_code</c> &gt; 0, else <c>pixdim</c> on the
/// identity; NIfTI's RAS+ world is converted to CtVolume's LPS+ by negating x and y. Writes int16 or float32 voxels
/// with both sform and qform (code 1, scanner) in millimetres.
/// </summary>
public static class NiftiFile
{
    /// <summary>Deflate cannot expand data by more than this factor; larger declared sizes are refused.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Writes <paramref name="volume"/> as NIfTI-1 (gzip when the path ends in .gz), atomically.</summary>
    public static void Write(string path, CtVolume volume)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.Nx > short.MaxValue || volume.Ny > short.MaxValue || volume.Nz > short.MaxValue)
            throw new ArgumentException($"NIfTI-1 dimensions are int16; " +
                $"{volume.Nx}×{volume.Ny}×{volume.Nz} does not fit.", nameof(volume));
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, fs =>
        {
            if (gzip)
            {
                using var gz = new GZipStream(fs, CompressionLevel.Fastest, leaveOpen: true);
                Write(gz, volume);
            }
            else Write(fs, volume);
        });
    }

    /// <summary>
    /// Writes <paramref name="volume"/> as an uncompressed NIfTI-1 stream (header, 4 zero bytes, voxels).
    /// </summary>
    public static void Write(Stream stream, CtVolume volume)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(volume);
        var h = HeaderFor(volume);
        var head = new byte[NiftiHeader.SingleFileDataOffset];
        h.WriteTo(head);
        stream.Write(head);
        var sliceVoxels = volume.Nx * volume.Ny;
        var bpv = h.BytesPerVoxel;
        var buf = new byte[sliceVoxels * bpv];
        for (var k = 0; k < volume.Nz; k++)
        {
            var start = (long)k * sliceVoxels;
            if (volume.Int16Voxels is { } s)
                for (var n = 0; n < sliceVoxels; n++)
                    BinaryPrimitives.WriteInt16LittleEndian(buf.AsSpan(2 * n), s[start + n]);
            else
            {
                var f = volume.Float32Voxels!;
                for (var n = 0; n < sliceVoxels; n++)
                    BinaryPrimitives.WriteSingleLittleEndian(buf.AsSpan(4 * n), f[start + n]);
            }
            stream.Write(buf);
        }
    }

    /// <summary>Reads a NIfTI-1 file (<c>.nii</c> or gzip-compressed <c>.nii.gz</c>).</summary>
    /// <exception cref="NiftiFormatException">Malformed, truncated, unsupported datatype or layout, absurd
    /// size.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static CtVolume Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var got = fs.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        fs.Position = 0;
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            using var gz = new GZipStream(fs, CompressionMode.Decompress, leaveOpen: true);
            return Read(gz, path, fs.Length * MaxDeflateRatio + (1 << 16), cancellationToken);
        }
        return Read(fs, path, fs.Length, cancellationToken);
    }

    /// <summary>Reads an uncompressed NIfTI-1 stream; <paramref name="name"/> names it in error messages.</summary>
    /// <param name="stream">The stream, positioned at the header.</param>
    /// <param name="name">Names the stream in error messages.</param>
    /// <param name="maxBytes">Most bytes the stream can hold (the file length, or a bound for compressed data);
    /// declared sizes beyond it are refused before allocating.</param>
    /// <param name="cancellationToken">Cancels between slices.</param>
    /// <exception cref="NiftiFormatException">Malformed, truncated, unsupported datatype or layout, absurd
    /// size.</exception>
    public static CtVolume Read(Stream stream, string name, long maxBytes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        var hb = new byte[NiftiHeader.Size];
        ReadExactly(stream, hb, name, 0, "the header");
        var h = NiftiHeader.Parse(hb, name);
        if (h.Magic == "ni1") throw new NiftiFormatException(name,
            "two-file NIfTI-1 (.hdr/.img pair) is not supported; convert to a single .nii", 344);
        if (h.Magic != "n+1") throw new NiftiFormatException(name,
            $"bad magic '{h.Magic}' (expected 'n+1'; ANALYZE 7.5 is not supported)", 344);

        var (nx, ny, nz) = Dimensions(h, name);
        var bpv = h.BytesPerVoxel;
        if (bpv == 0) throw new NiftiFormatException(name,
            $"unsupported datatype {(short)h.DataType} (supported: uint8, int8, int16, uint16, int32, " +
            $"float32, float64)", 70);
        if (h.BitPix != 8 * bpv) throw new NiftiFormatException(name,
            $"bitpix {h.BitPix} does not match datatype {h.DataType} ({8 * bpv} bits)", 72);
        // A single-file NIfTI-1 keeps the 4-byte extension flag after the header: data starts at 352 or later.
        if (!float.IsFinite(h.VoxOffset) || h.VoxOffset < NiftiHeader.SingleFileDataOffset || h.VoxOffset > 1 << 30)
            throw new NiftiFormatException(name, $"vox_offset {h.VoxOffset} is not a valid data offset (a single " +
                $"file needs at least {NiftiHeader.SingleFileDataOffset})", 108);
        var voxOffset = (long)h.VoxOffset;
        var (spacing, origin, di, dj, dk) = Geometry(h, name);
        try { CtVolume.Validate(nx, ny, nz, spacing); }
        catch (ArgumentOutOfRangeException e) { throw new NiftiFormatException(name, e.Message, 40, e); }
        var dataBytes = (long)nx * ny * nz * bpv;
        if (voxOffset + dataBytes > maxBytes)
            throw new NiftiFormatException(name,
                $"truncated or absurd: {nx}×{ny}×{nz} {h.DataType} voxels need {voxOffset + dataBytes} bytes, the " +
                $"file can hold at most {maxBytes}", 40);

        // Skip the extensions up to vox_offset, streaming: a large gap costs time, not memory.
        var skip = new byte[1 << 16];
        for (long at = NiftiHeader.Size; at < voxOffset;)
        {
            var n = (int)Math.Min(skip.Length, voxOffset - at);
            ReadExactly(stream, skip.AsSpan(0, n), name, at, "the header extension");
            at += n;
        }

        var slope = (double)h.SclSlope;
        var inter = (double)h.SclInter;
        if (slope == 0 || !double.IsFinite(slope)) { slope = 1; inter = 0; } // nifti1.h: scl_slope = 0 means unscaled
        if (!double.IsFinite(inter)) inter = 0;
        var integer = h.DataType is not (NiftiDataType.Float32 or NiftiDataType.Float64);
        var sliceVoxels = nx * ny;
        var total = (long)sliceVoxels * nz;
        var asInt16 = integer && slope == 1 && inter == Math.Round(inter);
        VolumeMemoryBudget.Require(name, total * (asInt16 ? sizeof(short) : sizeof(float)),
            $"{nx}×{ny}×{nz} voxels as {(asInt16 ? "int16" : "float32")}");
        short[]? s = asInt16 ? new short[total] : null;
        float[]? f = s is null ? new float[total] : null;
        var buf = new byte[sliceVoxels * bpv];
        // Native little-endian int16/float32 without scaling: read straight into the voxel array.
        var direct = BitConverter.IsLittleEndian && !h.BigEndian && slope == 1 && inter == 0
            && (h.DataType == NiftiDataType.Int16 && s is not null || h.DataType == NiftiDataType.Float32);
        for (var k = 0; k < nz; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = (long)k * sliceVoxels;
            if (direct)
            {
                var dst = s is not null
                    ? MemoryMarshal.AsBytes(s.AsSpan((int)start, sliceVoxels))
                    : MemoryMarshal.AsBytes(f.AsSpan((int)start, sliceVoxels));
                ReadExactly(stream, dst, name, voxOffset + (long)k * buf.Length, $"slice {k} of {nz}");
                continue;
            }
            ReadExactly(stream, buf, name, voxOffset + (long)k * buf.Length, $"slice {k} of {nz}");
            for (var n = 0; n < sliceVoxels; n++)
            {
                var v = Sample(buf, n, h.DataType, h.BigEndian) * slope + inter;
                if (s is not null)
                {
                    if (v is >= short.MinValue and <= short.MaxValue) { s[start + n] = (short)v; continue; }
                    // A value does not fit int16: switch to float32 storage (both held while copying).
                    VolumeMemoryBudget.Require(name, total * (sizeof(short) + sizeof(float)),
                        $"{nx}×{ny}×{nz} voxels switching from int16 to float32 storage");
                    f = new float[total];
                    for (long m = 0; m < start + n; m++) f[m] = s[m];
                    s = null;
                }
                f![start + n] = (float)v;
            }
        }
        return s is not null
            ? CtVolume.FromInt16(nx, ny, nz, s, spacing, origin, di, dj, dk)
            : CtVolume.FromFloat32(nx, ny, nz, f!, spacing, origin, di, dj, dk);
    }

    private static double Sample(byte[] b, int n, NiftiDataType t, bool be) => t switch
    {
        NiftiDataType.UInt8 => b[n],
        NiftiDataType.Int8 => (sbyte)b[n],
        NiftiDataType.Int16 => be
            ? BinaryPrimitives.ReadInt16BigEndian(b.AsSpan(2 * n))
            : BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(2 * n)),
        NiftiDataType.UInt16 => be
            ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(2 * n))
            : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(2 * n)),
        NiftiDataType.Int32 => be
            ? BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(4 * n))
            : BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4 * n)),
        NiftiDataType.Float32 => be
            ? BinaryPrimitives.ReadSingleBigEndian(b.AsSpan(4 * n))
            : BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(4 * n)),
        _ => be
            ? BinaryPrimitives.ReadDoubleBigEndian(b.AsSpan(8 * n))
            : BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(8 * n)),
    };

    private static (int Nx, int Ny, int Nz) Dimensions(NiftiHeader h, string name)
    {
        var rank = h.Dim[0];
        if (rank is < 1 or > 7) throw new NiftiFormatException(name, $"dim[0] = {rank} is not in 1..7", 40);
        for (var d = 1; d <= rank; d++)
            if (h.Dim[d] < 1) throw new NiftiFormatException(name, $"dim[{d}] = {h.Dim[d]} is not positive",
                40 + 2 * d);
        for (var d = 4; d <= rank; d++)
            if (h.Dim[d] != 1)
                throw new NiftiFormatException(name,
                    $"only 3-D volumes are supported; dim[{d}] = {h.Dim[d]} (a time series " +
                    $"or vector image)", 40 + 2 * d);
        return (h.Dim[1], rank >= 2 ? h.Dim[2] : 1, rank >= 3 ? h.Dim[3] : 1);
    }

    private static (Float3, Float3, Float3, Float3, Float3) Geometry(NiftiHeader h, string name)
    {
        double[,] ras;
        if (h.SFormCode > 0)
        {
            ras = new double[3, 4];
            for (var c = 0; c < 4; c++) { ras[0, c] = h.SRowX[c]; ras[1, c] = h.SRowY[c]; ras[2, c] = h.SRowZ[c]; }
        }
        else if (h.QFormCode > 0)
        {
            ras = NiftiGeometry.FromQuaternion(h.QuaternB, h.QuaternC, h.QuaternD, h.QOffsetX, h.QOffsetY, h.QOffsetZ,
                Math.Abs(h.PixDim[1]), Math.Abs(h.PixDim[2]), Math.Abs(h.PixDim[3]), h.PixDim[0] < 0 ? -1 : 1);
        }
        else
        {
            // nifti1.h "method 1" (ANALYZE compatibility): x = i·dx etc., no orientation; we keep CtVolume's axes.
            var sp = new Float3(Math.Abs(h.PixDim[1]), Math.Abs(h.PixDim[2]), Math.Abs(h.PixDim[3]));
            if (h.Dim[0] < 3 && !(sp.Z > 0)) sp.Z = 1;
            if (h.Dim[0] < 2 && !(sp.Y > 0)) sp.Y = 1;
            return (sp, Float3.Zero, Float3.UnitX, Float3.UnitY, Float3.UnitZ);
        }
        return NiftiGeometry.ToLps(ras) ?? throw new NiftiFormatException(name,
            $"degenerate {(h.SFormCode > 0 ? "sform" : "qform")}: an axis has zero or " +
            $"non-finite length", h.SFormCode > 0 ? 280 : 256);
    }

    private static NiftiHeader HeaderFor(CtVolume v)
    {
        var h = new NiftiHeader
        {
            DataType = v.Storage == VoxelStorage.Int16 ? NiftiDataType.Int16 : NiftiDataType.Float32,
            VoxOffset = NiftiHeader.SingleFileDataOffset,
            SclSlope = 1,
            SclInter = 0,
            XyztUnits = 2, // NIFTI_UNITS_MM
            Description = "EndoDepth CT volume (HU)",
            SFormCode = 1, // NIFTI_XFORM_SCANNER_ANAT
        };
        h.BitPix = (short)(8 * h.BytesPerVoxel);
        h.Dim[0] = 3; h.Dim[1] = (short)v.Nx; h.Dim[2] = (short)v.Ny; h.Dim[3] = (short)v.Nz;
        for (var d = 4; d < 8; d++) h.Dim[d] = 1;
        h.PixDim[1] = v.Spacing.X; h.PixDim[2] = v.Spacing.Y; h.PixDim[3] = v.Spacing.Z;
        for (var d = 4; d < 8; d++) h.PixDim[d] = 1;
        var ras = NiftiGeometry.FromLps(v.Spacing, v.Origin, v.DirectionI, v.DirectionJ, v.DirectionK);
        for (var c = 0; c < 4; c++)
        {
            h.SRowX[c] = (float)ras[0, c];
            h.SRowY[c] = (float)ras[1, c];
            h.SRowZ[c] = (float)ras[2, c];
        }
        h.QOffsetX = (float)ras[0, 3]; h.QOffsetY = (float)ras[1, 3]; h.QOffsetZ = (float)ras[2, 3];
        var r = new double[3, 3];
        var sp = new[] { v.Spacing.X, v.Spacing.Y, v.Spacing.Z };
        for (var row = 0; row < 3; row++) for (var c = 0; c < 3; c++) r[row, c] = ras[row, c] / sp[c];
        h.PixDim[0] = 1;
        if (IsOrthonormal(r))
        {
            var (b, c2, d2, qfac) = NiftiGeometry.ToQuaternion(r);
            h.QFormCode = 1;
            h.QuaternB = (float)b; h.QuaternC = (float)c2; h.QuaternD = (float)d2;
            h.PixDim[0] = (float)qfac;
        }
        return h;
    }

    private static bool IsOrthonormal(double[,] r)
    {
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++)
            {
                var dot = r[0, a] * r[0, b] + r[1, a] * r[1, b] + r[2, a] * r[2, b];
                if (Math.Abs(dot - (a == b ? 1 : 0)) > 1e-4) return false;
            }
        return true;
    }

    private static void ReadExactly(Stream s, Span<byte> buffer, string name, long offset, string what)
    {
        int got;
        try { got = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false); }
        catch (InvalidDataException e)
        {
            // .NET reports every zlib data error (a bad CRC-32 or length included) as "unsupported compression
            // method"; say what it means.
            throw new NiftiFormatException(name, $"corrupt gzip data while reading {what}: its CRC, length or " +
                $"compressed stream is damaged ({e.Message})", offset, e);
        }
        if (got < buffer.Length)
            throw new NiftiFormatException(name, $"truncated: {what} needs {buffer.Length} bytes, only {got} remain",
                offset + got);
    }
}
