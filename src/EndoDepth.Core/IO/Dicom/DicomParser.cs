using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EndoDepth.IO.Dicom;

/// <summary>
/// Reads a DICOM Part 10 file's data elements up to the top-level Pixel Data (PS3.10 §7, PS3.5 §7): the preamble and
/// "DICM" marker, the explicit-VR-little-endian file meta group, then the data set in its transfer syntax. Values are
/// kept only when small; everything else is skipped by its length, which is checked against what the file (or the
/// enclosing item) still holds before anything is allocated or skipped. Sequences of defined and undefined length are
/// walked to <see cref="MaxDepth"/> levels.
/// </summary>
internal sealed class DicomParser
{
    /// <summary>Values longer than this are skipped, not kept.</summary>
    public const int MaxKeptValue = 1 << 16;
    /// <summary>Deepest sequence nesting accepted.</summary>
    public const int MaxDepth = 32;
    private const long Undefined = -1;

    private readonly Stream _s;
    private readonly long _length;
    private readonly string _name;
    private readonly byte[] _b = new byte[8];

    private DicomParser(Stream s, string name)
    {
        _s = s; _length = s.Length; _name = name;
    }

    private long Pos => _s.Position;

    /// <summary>Parses the file at <paramref name="path"/> up to its pixel data.</summary>
    public static DicomFileHeader Parse(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
        return Parse(fs, path);
    }

    /// <summary>Parses a seekable stream positioned at the start of a DICOM file.</summary>
    public static DicomFileHeader Parse(Stream fs, string name)
    {
        var p = new DicomParser(fs, name);
        var hasPreamble = false;
        DicomDataset? meta = null;
        if (p._length >= 132)
        {
            fs.Position = 128;
            p.Read(p._b.AsSpan(0, 4), "the DICM marker");
            hasPreamble = p._b.AsSpan(0, 4).SequenceEqual("DICM"u8);
        }
        fs.Position = hasPreamble ? 132 : 0;
        if (p._length - p.Pos < 8)
            throw new DicomFormatException(name, $"not a DICOM file: {p._length} bytes is too short for a data element",
                0);
        p.Read(p._b.AsSpan(0, 6), "the first data element");
        fs.Position -= 6;
        var firstGroup = BinaryPrimitives.ReadUInt16LittleEndian(p._b);
        if (firstGroup == 0x0002) meta = p.ParseMeta();
        else if (hasPreamble) throw new DicomFormatException(name,
            $"the file meta group (0002,xxxx) is missing after 'DICM'; found group {firstGroup:X4}", 132);

        DicomTransferSyntax ts;
        var tsUid = meta?.GetString(DicomTag.TransferSyntaxUid);
        if (!string.IsNullOrEmpty(tsUid))
        {
            ts = DicomTransferSyntax.FromUid(tsUid);
            if (!ts.IsKnown) throw new DicomTransferSyntaxNotSupportedException(name, ts);
        }
        else ts = p.GuessTransferSyntax(hasPreamble || meta is not null);

        var datasetStart = p.Pos;
        if (ts.Deflated)
        {
            using var inflated = InflatedDataSetStream.Open(fs, name);
            var q = new DicomParser(inflated, name);
            var ds = q.ParseDataset(Undefined, 0, true, false, true, out var px);
            return new DicomFileHeader(name, ts, meta, ds, px, datasetStart, hasPreamble);
        }
        var data = p.ParseDataset(Undefined, 0, ts.ExplicitVr, ts.BigEndian, true, out var pixel);
        return new DicomFileHeader(name, ts, meta, data, pixel, datasetStart, hasPreamble);
    }

    /// <summary>
    /// The inflated data set of a deflated file, to read its pixel data from (positions are those of the inflated data
    /// set; it is inflated as it is read, never held whole). <paramref name="fs"/> is disposed with it when
    /// <paramref name="ownsSource"/>.
    /// </summary>
    public static Stream InflatePixels(Stream fs, DicomImageInfo info, bool ownsSource)
    {
        fs.Position = info.DatasetStart;
        // The header was parsed (and the whole length checked) already; frames are read only as far as it declares.
        return InflatedDataSetStream.Open(fs, info.Path, ownsSource, countLength: false);
    }

    private DicomDataset ParseMeta()
    {
        var meta = new DicomDataset(_name, false, true);
        while (_length - Pos >= 2)
        {
            Read(_b.AsSpan(0, 2), "a file meta element");
            _s.Position -= 2;
            if (BinaryPrimitives.ReadUInt16LittleEndian(_b) != 0x0002) break;
            if (ParseElement(meta, Undefined, 0, true, false, true, out _)) break;
        }
        return meta;
    }

    /// <summary>
    /// Files without a meta group: explicit VR if the bytes after the first tag look like a VR, else implicit (as
    /// toolkits do).
    /// </summary>
    private DicomTransferSyntax GuessTransferSyntax(bool afterMeta)
    {
        var at = Pos;
        if (_length - at < 8) throw new DicomFormatException(_name, "no data set after the file meta group", at);
        Read(_b.AsSpan(0, 6), "the first data element");
        _s.Position = at;
        var group = BinaryPrimitives.ReadUInt16LittleEndian(_b);
        var groupBe = BinaryPrimitives.ReadUInt16BigEndian(_b);
        var vr = Encoding.ASCII.GetString(_b, 4, 2);
        var looksVr = DicomDictionary.IsVr(vr);
        if (Plausible(group))
            return looksVr ? DicomTransferSyntax.ExplicitVrLittleEndian : DicomTransferSyntax.ImplicitVrLittleEndian;
        if (Plausible(groupBe) && looksVr) return DicomTransferSyntax.ExplicitVrBigEndian;
        throw new DicomFormatException(_name, afterMeta
            ? "the file meta group has no Transfer Syntax UID and the data set's encoding cannot be guessed"
            : "not a DICOM file: no 'DICM' marker at byte 128 and the data does not start with a data element", at);

        static bool Plausible(ushort g) => g is >= 0x0004 and <= 0x0030 && (g & 1) == 0;
    }

    /// <summary>
    /// Data elements until <paramref name="end"/> (or an Item Delimitation when undefined, or the end of the file at
    /// depth 0). At depth 0 it stops at Pixel Data and returns where that lies.
    /// </summary>
    private DicomDataset ParseDataset(long end, int depth, bool explicitVr, bool bigEndian, bool keep,
        out PixelDataLocation? pixel)
    {
        var ds = new DicomDataset(_name, bigEndian, explicitVr);
        pixel = null;
        while (true)
        {
            if (end != Undefined && Pos >= end)
            {
                if (Pos > end) throw new DicomFormatException(_name, "a data element runs past the end of its item",
                    Pos);
                return ds;
            }
            if (Pos >= _length)
            {
                if (depth > 0) throw new DicomFormatException(_name,
                    "truncated: an item of undefined length is not closed", Pos);
                return ds;
            }
            if (ParseElement(keep ? ds : null, end, depth, explicitVr, bigEndian, keep, out var px,
                itemDelimiterEnds: end == Undefined && depth > 0))
            {
                pixel = px;
                return ds;
            }
        }
    }

    /// <summary>
    /// Reads one element into <paramref name="ds"/>; true when the data set ends here (pixel data or item delimiter).
    /// </summary>
    private bool ParseElement(DicomDataset? ds, long end, int depth, bool explicitVr, bool bigEndian, bool keep,
        out PixelDataLocation? pixel, bool itemDelimiterEnds = false)
    {
        pixel = null;
        var start = Pos;
        var limit = end == Undefined ? _length : end;
        if (limit - start < 8) throw new DicomFormatException(_name,
            $"truncated data element header ({limit - start} bytes left)", start);
        Read(_b.AsSpan(0, 4), "a tag");
        var tag = new DicomTag(U16(_b, 0, bigEndian), U16(_b, 2, bigEndian));
        string vr;
        long len;
        if (tag.Group == 0xFFFE)
        {
            Read(_b.AsSpan(0, 4), "a delimiter length");
            if (tag == DicomTag.ItemDelimitation && itemDelimiterEnds) return true;
            throw new DicomFormatException(_name, $"unexpected delimiter {tag} inside a data set", start);
        }
        if (explicitVr)
        {
            Read(_b.AsSpan(0, 4), "a VR and length");
            vr = Encoding.ASCII.GetString(_b, 0, 2);
            if (!DicomDictionary.IsVr(vr))
                throw new DicomFormatException(_name,
                    $"invalid VR bytes 0x{_b[0]:X2}{_b[1]:X2} for {tag} in an explicit VR data set", start + 4);
            if (DicomDictionary.HasLongLength(vr))
            {
                if (limit - Pos < 4) throw new DicomFormatException(_name, $"truncated length of {tag}", Pos);
                Read(_b.AsSpan(0, 4), "a 32-bit length");
                len = U32(_b, bigEndian);
            }
            else len = U16(_b, 2, bigEndian);
        }
        else
        {
            Read(_b.AsSpan(0, 4), "a length");
            len = U32(_b, bigEndian);
            vr = DicomDictionary.ImplicitVr(tag);
        }
        var valueAt = Pos;

        if (tag == DicomTag.PixelData && depth == 0)
        {
            if (len != Undefined && len > limit - valueAt)
                throw new DicomFormatException(_name,
                    $"Pixel Data length {len} runs past the end of the file ({limit - valueAt} bytes left)", valueAt);
            pixel = new PixelDataLocation(valueAt, len, vr);
            return true;
        }

        if (len == Undefined && tag == DicomTag.PixelData || len == Undefined && vr is "OB" or "OW")
        {
            SkipFragments(depth + 1, bigEndian); // encapsulated pixel data nested in an item (an icon image)
            return false;
        }
        var isSequence = vr == "SQ" || (len == Undefined && (vr == "UN" || !explicitVr));
        if (len == Undefined && !isSequence)
            throw new DicomFormatException(_name,
                $"{tag} with VR {vr} has undefined length (only sequences and pixel data may)", start);
        if (isSequence)
        {
            if (len != Undefined && len > limit - valueAt)
                throw new DicomFormatException(_name,
                    $"sequence {tag} length {len} runs past the end ({limit - valueAt} bytes left)", valueAt);
            var keepItems = keep && DicomDictionary.IsKeptSequence(tag);
            // An explicit-VR UN of undefined length holds an implicit VR little endian sequence (PS3.5 6.2.2).
            var innerExplicit = explicitVr && vr != "UN";
            var innerBig = innerExplicit && bigEndian;
            var items = ParseSequence(len == Undefined ? Undefined : valueAt + len, depth + 1, innerExplicit, innerBig,
                keepItems);
            ds?.Add(new DicomElement { Tag = tag, Vr = "SQ", ValueOffset = valueAt, Length = len, Items = items });
            return false;
        }
        if (len > limit - valueAt)
            throw new DicomFormatException(_name,
                $"value length {len} of {DicomDictionary.Name(tag)} {tag} runs past the end of the " +
                $"{(end == Undefined ? "file" : "item")} ({limit - valueAt} bytes left)", valueAt);
        byte[]? value = null;
        if (ds is not null && len <= MaxKeptValue)
        {
            value = new byte[len];
            Read(value, $"the value of {tag}");
        }
        else _s.Position = valueAt + len;
        ds?.Add(new DicomElement { Tag = tag, Vr = vr, ValueOffset = valueAt, Length = len, Value = value });
        return false;
    }

    private List<DicomDataset>? ParseSequence(long end, int depth, bool explicitVr, bool bigEndian, bool keep)
    {
        if (depth > MaxDepth) throw new DicomFormatException(_name, $"sequences nested deeper than {MaxDepth} levels",
            Pos);
        var items = keep ? new List<DicomDataset>() : null;
        while (true)
        {
            if (end != Undefined && Pos >= end)
            {
                if (Pos > end) throw new DicomFormatException(_name, "an item runs past the end of its sequence", Pos);
                return items;
            }
            var limit = end == Undefined ? _length : end;
            var at = Pos;
            if (limit - at < 8) throw new DicomFormatException(_name,
                $"truncated sequence: an item header needs 8 bytes, {limit - at} left", at);
            Read(_b.AsSpan(0, 8), "an item header");
            var tag = new DicomTag(U16(_b, 0, bigEndian), U16(_b, 2, bigEndian));
            var len = U32(_b.AsSpan(4), bigEndian);
            if (tag == DicomTag.SequenceDelimitation) return items;
            if (tag != DicomTag.Item)
                throw new DicomFormatException(_name, $"expected an item {DicomTag.Item} in a sequence, found {tag}",
                    at);
            DicomDataset item;
            if (len == Undefined) item = ParseDataset(Undefined, depth, explicitVr, bigEndian, keep, out _);
            else
            {
                if (len > limit - Pos)
                    throw new DicomFormatException(_name,
                        $"item length {len} runs past the end of its sequence ({limit - Pos} bytes left)", Pos);
                item = ParseDataset(Pos + len, depth, explicitVr, bigEndian, keep, out _);
            }
            items?.Add(item);
        }
    }

    /// <summary>Skips encapsulated fragments (items of defined length) up to the Sequence Delimitation Item.</summary>
    private void SkipFragments(int depth, bool bigEndian)
    {
        if (depth > MaxDepth) throw new DicomFormatException(_name, $"sequences nested deeper than {MaxDepth} levels",
            Pos);
        while (true)
        {
            var at = Pos;
            if (_length - at < 8) throw new DicomFormatException(_name, "truncated encapsulated pixel data", at);
            Read(_b.AsSpan(0, 8), "a fragment header");
            var tag = new DicomTag(U16(_b, 0, bigEndian), U16(_b, 2, bigEndian));
            var len = U32(_b.AsSpan(4), bigEndian);
            if (tag == DicomTag.SequenceDelimitation) return;
            if (tag != DicomTag.Item || len == Undefined || len > _length - Pos)
                throw new DicomFormatException(_name, $"bad encapsulated fragment {tag} of length {len}", at);
            _s.Position = Pos + len;
        }
    }

    private void Read(Span<byte> buffer, string what)
    {
        var at = Pos;
        var got = _s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got < buffer.Length)
            throw new DicomFormatException(_name, $"truncated: {what} needs {buffer.Length} bytes, {got} left", at);
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static long U32(ReadOnlySpan<byte> b, bool be)
    {
        var v = be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
        return v == uint.MaxValue ? Undefined : v;
    }
}

/// <summary>Where the top-level Pixel Data value lies (length −1: encapsulated, undefined length).</summary>
internal sealed record PixelDataLocation(long Offset, long Length, string Vr);

/// <summary>A parsed file: transfer syntax, meta group, data set and pixel data location.</summary>
internal sealed record DicomFileHeader(string Path, DicomTransferSyntax TransferSyntax, DicomDataset? Meta,
    DicomDataset Dataset,
    PixelDataLocation? Pixel, long DatasetStart, bool HasPreamble);
