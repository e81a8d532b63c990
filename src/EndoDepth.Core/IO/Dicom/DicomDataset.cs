using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EndoDepth.IO.Dicom;

/// <summary>The data elements of a data set (or sequence item) that the parser kept, with typed accessors.</summary>
internal sealed class DicomDataset
{
    private readonly Dictionary<DicomTag, DicomElement> _elements = [];

    public DicomDataset(string file, bool bigEndian, bool explicitVr)
    {
        File = file; BigEndian = bigEndian; ExplicitVr = explicitVr;
    }

    public string File { get; }
    public bool BigEndian { get; }
    public bool ExplicitVr { get; }

    public void Add(DicomElement e) => _elements.TryAdd(e.Tag, e);

    public DicomElement? this[DicomTag tag] => _elements.GetValueOrDefault(tag);

    public bool Contains(DicomTag tag) => _elements.ContainsKey(tag);

    /// <summary>A text value with trailing spaces and NULs removed; null when absent.</summary>
    public string? GetString(DicomTag tag)
    {
        var e = this[tag];
        if (e?.Value is null) return null;
        return Encoding.Latin1.GetString(e.Value).TrimEnd(' ', '\0').TrimStart(' ');
    }

    /// <summary>A decimal/integer string list (DS, IS), checked for count; null when absent.</summary>
    public double[]? GetDecimals(DicomTag tag, int? count = null)
    {
        var s = GetString(tag);
        if (s is null || s.Length == 0) return null;
        if (this[tag] is { } el && ExplicitVr && el.Vr is not ("DS" or "IS" or "UN"))
            throw new DicomFormatException(File, $"{Name(tag)} {tag} has VR {el.Vr}, expected DS or IS",
                el.ValueOffset);
        var parts = s.Split('\\');
        var v = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i].Trim(' ', '\0'), NumberStyles.Float, CultureInfo.InvariantCulture,
                out v[i]) || !double.IsFinite(v[i]))
                throw new DicomFormatException(File, $"{Name(tag)} {tag} holds '{s}', not a list of numbers",
                    this[tag]!.ValueOffset);
        if (count is { } c && v.Length != c)
            throw new DicomFormatException(File, $"{Name(tag)} {tag} holds {v.Length} values, expected {c}",
                this[tag]!.ValueOffset);
        return v;
    }

    /// <summary>An unsigned 16-bit value (US); null when absent.</summary>
    public int? GetUInt16(DicomTag tag)
    {
        var e = this[tag];
        if (e is null) return null;
        if (ExplicitVr && e.Vr is not ("US" or "SS" or "UN" or "OW" or "OB"))
            throw new DicomFormatException(File, $"{Name(tag)} {tag} has VR {e.Vr}, expected US", e.ValueOffset);
        if (e.Value is null || e.Value.Length < 2)
            throw new DicomFormatException(File, $"{Name(tag)} {tag} has {e.Length} value bytes, expected 2",
                e.ValueOffset);
        return BigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(e.Value)
            : BinaryPrimitives.ReadUInt16LittleEndian(e.Value);
    }

    /// <summary>The first item of a kept sequence, or null.</summary>
    public DicomDataset? FirstItem(DicomTag sequence) =>
        this[sequence]?.Items is { Count: > 0 } items ? items[0] : null;

    /// <summary>A readable name for the tags EndoDepth uses.</summary>
    public static string Name(DicomTag tag) => DicomDictionary.Name(tag);
}
