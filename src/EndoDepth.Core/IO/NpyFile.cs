using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0). Writes little-endian float32 and float16 in C order;
/// reads float16, float32, float64, int16, uint16 and uint8 in either byte order and C or Fortran order. Depth maps
/// are stored as (height, width) float32 millimetres with 0 marking invalid pixels.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Largest element count accepted when reading (refused before allocating).</summary>
    public const long MaxElements = 1L << 30;

    /// <summary>
    /// numpy's spare header room for growing the first axis in place (numpy.lib.format.GROWTH_AXIS_MAX_DIGITS).
    /// </summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>
    /// Writes a float32 array of the given shape (C order, little-endian, format 1.0; 2.0 if the header needs it).
    /// </summary>
    public static void WriteFloat32(Stream stream, ReadOnlySpan<float> values, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WriteHeader(stream, "<f4", shape, values.Length);
        if (BitConverter.IsLittleEndian) { stream.Write(MemoryMarshal.AsBytes(values)); return; }
        var buf = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(buf.AsSpan(i * 4), values[i]);
        stream.Write(buf);
    }

    /// <summary>
    /// Writes a float16 (IEEE half) array of the given shape (C order, little-endian, format 1.0; 2.0 if the header
    /// needs it), as numpy's <c>np.save</c> writes <c>np.float16</c> arrays.
    /// </summary>
    public static void WriteFloat16(Stream stream, ReadOnlySpan<Half> values, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WriteHeader(stream, "<f2", shape, values.Length);
        var buf = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(buf.AsSpan(i * 2), values[i]);
        stream.Write(buf);
    }

    private static void WriteHeader(Stream stream, string descr, IReadOnlyList<long> shape, int count)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d} in the shape.", nameof(shape));
            n *= d;
        }
        if (n != count) throw new ArgumentException($"Shape holds {n} values, got {count}.", nameof(shape));
        var shapeText = shape.Count == 0 ? "()"
            : shape.Count == 1 ? $"({shape[0]},)"
            : "(" + string.Join(", ", shape) + ")";
        // The header numpy 1.24 writes, byte for byte: the dict, spare room for growing the first axis (21 digits),
        // then spaces and a newline so that the data starts on a 64-byte boundary (1..64 spaces, never 0).
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        if (shape.Count > 0) dict += new string(' ',
            Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length));
        var version = dict.Length + 1 + 64 + 10 > ushort.MaxValue ? 2 : 1;
        var preamble = version == 1 ? 10 : 12;
        var pad = 64 - (preamble + dict.Length + 1) % 64;
        var header = dict + new string(' ', pad) + "\n";
        stream.Write(Magic);
        stream.WriteByte((byte)version);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[4];
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
            stream.Write(len[..2]);
        }
        else { BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)header.Length); stream.Write(len); }
        stream.Write(Encoding.ASCII.GetBytes(header));
    }

    /// <summary>Writes a float32 array atomically to <paramref name="path"/>.</summary>
    public static void WriteFloat32(string path, float[] values, IReadOnlyList<long> shape) =>
        AtomicFile.Write(path, s => WriteFloat32(s, values, shape));

    /// <summary>Writes a depth map as (height, width) float32 mm, invalid pixels as 0, atomically.</summary>
    public static void WriteDepth(string path, DepthMap depth)
    {
        ArgumentNullException.ThrowIfNull(depth);
        var v = new float[depth.Millimetres.Length];
        for (var i = 0; i < v.Length; i++) v[i] = depth.Valid[i] ? depth.Millimetres[i] : 0f;
        WriteFloat32(path, v, [depth.Height, depth.Width]);
    }

    /// <summary>Reads a .npy file.</summary>
    /// <exception cref="NpyFormatException">Malformed, truncated, unsupported dtype, or absurd shape.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static NpyArray Read(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(fs, path);
    }

    /// <summary>Reads a .npy stream; <paramref name="name"/> names it in error messages.</summary>
    /// <exception cref="NpyFormatException">Malformed, truncated, unsupported dtype, or absurd shape.</exception>
    public static NpyArray Read(Stream stream, string name = "(stream)")
    {
        var (shape, dtype, isFortran, raw) = ReadRaw(stream, name, null);
        var values = new double[raw.Length / ElementSize(dtype)!.Value];
        Decode(raw, dtype, values);
        if (isFortran && shape.Count > 1) values = FortranToC(values, shape);
        return new NpyArray(shape, values, dtype);
    }

    /// <summary>
    /// Reads the header and the raw data bytes, letting <paramref name="checkShape"/> refuse the shape before the data
    /// is allocated.
    /// </summary>
    private static (List<long> Shape, string DType, bool Fortran, byte[] Raw) ReadRaw(Stream stream, string name,
        Action<List<long>>? checkShape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> pre = stackalloc byte[12];
        ReadExactly(stream, pre[..8], name, 0, "the magic string and version");
        if (!pre[..6].SequenceEqual(Magic)) throw new NpyFormatException(name, "not a .npy file (bad magic string)", 0);
        int major = pre[6];
        long headerLen;
        int preambleLen;
        if (major == 1) { ReadExactly(stream, pre.Slice(8, 2), name, 8,
            "the header length"); headerLen = BinaryPrimitives.ReadUInt16LittleEndian(pre[8..]); preambleLen = 10; }
        else if (major is 2 or 3) { ReadExactly(stream, pre.Slice(8, 4), name, 8,
            "the header length"); headerLen = BinaryPrimitives.ReadUInt32LittleEndian(pre[8..]); preambleLen = 12; }
        else throw new NpyFormatException(name, $"unsupported .npy format version {major}.{pre[7]}", 6);
        if (headerLen > 1 << 20) throw new NpyFormatException(name, $"header length {headerLen} is absurd", 8);
        var hb = new byte[headerLen];
        ReadExactly(stream, hb, name, preambleLen, "the header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(hb);

        var descr = DescrRegex().Match(header);
        var fortran = FortranRegex().Match(header);
        var shapeM = ShapeRegex().Match(header);
        if (!descr.Success || !fortran.Success || !shapeM.Success)
            throw new NpyFormatException(name, $"header is not a .npy dictionary: {header.Trim()}", preambleLen);
        var dtype = descr.Groups[1].Value;
        var isFortran = fortran.Groups[1].Value == "True";
        var shape = new List<long>();
        long count = 1;
        foreach (var part in shapeM.Groups[1].Value.Split(',',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var d))
                throw new NpyFormatException(name, $"bad shape entry '{part}'", preambleLen);
            shape.Add(d);
            if (d > MaxElements || (count *= d) > MaxElements)
                throw new NpyFormatException(name, $"shape ({shapeM.Groups[1].Value}) exceeds {MaxElements} elements",
                    preambleLen);
        }
        var size = ElementSize(dtype) ?? throw new NpyFormatException(name,
            $"unsupported dtype '{dtype}' (supported: float16, float32, float64, int16, uint16, uint8, " +
            $"either byte order)", preambleLen);
        if (count * size > Array.MaxLength)
            throw new NpyFormatException(name,
                $"shape ({string.Join(", ", shape)}) of {dtype} needs {count * size} bytes, more than " +
                $"one array holds", preambleLen);
        checkShape?.Invoke(shape);
        var dataOffset = preambleLen + headerLen;
        if (stream.CanSeek && stream.Length - dataOffset < count * size)
            throw new NpyFormatException(name,
                $"truncated: shape ({string.Join(", ", shape)}) of {dtype} needs {count * size} data bytes, file has " +
                $"{stream.Length - dataOffset}", dataOffset);
        var raw = new byte[count * size];
        ReadExactly(stream, raw, name, dataOffset, "the array data");
        return (shape, dtype, isFortran, raw);
    }

    /// <summary>
    /// Reads a depth map: a 2-D (height, width) array in mm (float32/float64, or integer types as stored); 0 marks
    /// invalid pixels.
    /// </summary>
    /// <exception cref="NpyFormatException">Not 2-D, contains NaN/∞ or negative values, or is malformed.</exception>
    public static DepthMap ReadDepth(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadDepth(fs, path);
    }

    /// <summary>Reads a depth map from a .npy stream; <paramref name="path"/> names it in error messages.</summary>
    /// <exception cref="NpyFormatException">Not 2-D, contains NaN/∞ or negative values, or is malformed.</exception>
    public static DepthMap ReadDepth(Stream stream, string path = "(stream)")
    {
        var (shape, dtype, isFortran, raw) = ReadRaw(stream, path, shape =>
        {
            if (shape.Count != 2) throw new NpyFormatException(path,
                $"a depth map is 2-D (height, width), got shape ({string.Join(", ", shape)})");
            if (!ImageSize.IsAcceptable(shape[1], shape[0])) throw new NpyFormatException(path,
                $"depth map size {shape[1]}×{shape[0]} is not acceptable");
        });
        var (h, w) = ((int)shape[0], (int)shape[1]);
        var size = ElementSize(dtype)!.Value;
        // Straight to float32 through a small double buffer: no full-size float64 copy.
        var mm = new float[h * w];
        Span<double> buffer = new double[Math.Min(mm.Length, 8192)];
        for (var start = 0; start < mm.Length; start += buffer.Length)
        {
            var n = Math.Min(buffer.Length, mm.Length - start);
            Decode(raw.AsSpan(start * size, n * size), dtype, buffer[..n]);
            for (var i = 0; i < n; i++) mm[start + i] = (float)buffer[i];
        }
        if (isFortran)
        {
            // Column-major (h, w): element (r, c) is stored at r + c·h.
            var c = new float[mm.Length];
            for (var r = 0; r < h; r++)
                for (var col = 0; col < w; col++) c[r * w + col] = mm[r + col * h];
            mm = c;
        }
        for (var i = 0; i < mm.Length; i++)
        {
            var v = mm[i];
            if (!float.IsFinite(v)) throw new NpyFormatException(path,
                $"depth value {v} at pixel ({i % w}, {i / w}) is not finite as float32 (use 0 for invalid pixels)");
            if (v < 0) throw new NpyFormatException(path, $"negative depth {v} at pixel ({i % w}, {i / w})");
        }
        return new DepthMap(w, h, mm);
    }

    private static int? ElementSize(string dtype) =>
        dtype.Length == 3 && dtype[0] is '<' or '>' or '|' or '='
            ? dtype[1..] switch { "f2" => 2, "f4" => 4, "f8" => 8, "i2" => 2, "u2" => 2, "u1" => 1, _ => null }
            : null;

    private static void Decode(ReadOnlySpan<byte> raw, string dtype, Span<double> values)
    {
        var big = dtype[0] == '>' || (dtype[0] == '=' && !BitConverter.IsLittleEndian);
        switch (dtype[1..])
        {
            case "f2":
                if (big)
                    for (var i = 0; i < values.Length; i++)
                        values[i] = (double)BinaryPrimitives.ReadHalfBigEndian(raw[(i * 2)..]);
                else
                    for (var i = 0; i < values.Length; i++)
                        values[i] = (double)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]);
                break;
            case "f4":
                if (big)
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadSingleBigEndian(raw[(i * 4)..]);
                else
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                break;
            case "f8":
                if (big)
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadDoubleBigEndian(raw[(i * 8)..]);
                else
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
                break;
            case "i2":
                if (big)
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadInt16BigEndian(raw[(i * 2)..]);
                else
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadInt16LittleEndian(raw[(i * 2)..]);
                break;
            case "u2":
                if (big)
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadUInt16BigEndian(raw[(i * 2)..]);
                else
                    for (var i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]);
                break;
            default:
                for (var i = 0; i < values.Length; i++) values[i] = raw[i];
                break;
        }
    }

    private static double[] FortranToC(double[] f, List<long> shape)
    {
        var n = shape.Count;
        var c = new double[f.Length];
        var idx = new long[n];
        // Fortran strides: first index fastest.
        var fs = new long[n];
        fs[0] = 1;
        for (var d = 1; d < n; d++) fs[d] = fs[d - 1] * shape[d - 1];
        for (long lin = 0; lin < c.Length; lin++)
        {
            long off = 0;
            for (var d = 0; d < n; d++) off += idx[d] * fs[d];
            c[lin] = f[off];
            for (var d = n - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
        }
        return c;
    }

    private static void ReadExactly(Stream s, Span<byte> buffer, string name, long offset, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var r = s.Read(buffer[read..]);
            if (r == 0) throw new NpyFormatException(name,
                $"truncated while reading {what}: needed {buffer.Length} bytes, got {read}", offset + read);
            read += r;
        }
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]+)['""]")]
    private static partial Regex DescrRegex();
    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();
    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
