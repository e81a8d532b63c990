using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EndoDepth.IO;

namespace EndoDepth.Crf;

/// <summary>
/// The one-file container of models and checkpoints: 8-byte magic <c>EDCRF001</c>, a little-endian int32 length, a UTF-8
/// JSON header (kind, architecture, settings, tensor names and shapes, extra fields), then each tensor's float32 values
/// (little-endian) in header order. Written atomically.
/// </summary>
internal static class ModelFile
{
    private static readonly byte[] Magic = "EDCRF001"u8.ToArray();

    /// <summary>JSON options for settings (enums as strings).</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };

    /// <summary>A named float32 tensor (values row-major).</summary>
    public sealed record Entry(string Name, long[] Shape, float[] Values);

    /// <summary>Writes the header and tensors atomically.</summary>
    public static void Write(string path, JsonObject header, IReadOnlyList<Entry> tensors)
    {
        header["tensors"] = new JsonArray(tensors.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
        }).ToArray());
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        AtomicFile.Write(path, s =>
        {
            s.Write(Magic);
            Span<byte> len = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(len, json.Length);
            s.Write(len);
            s.Write(json);
            foreach (var t in tensors)
            {
                var bytes = new byte[t.Values.Length * 4];
                for (var i = 0; i < t.Values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), t.Values[i]);
                s.Write(bytes);
            }
        });
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="ModelFileException">Not such a file, truncated or malformed.</exception>
    public static (JsonObject Header, Dictionary<string, Entry> Tensors) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        using var s = File.OpenRead(path);
        var head = new byte[12];
        if (s.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12 || !head.AsSpan(0, 8).SequenceEqual(Magic))
            throw new ModelFileException(path, "not an EndoDepth CNN-CRF model file (bad magic)");
        var len = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
        if (len <= 0 || len > 16 << 20 || len > s.Length - 12) throw new ModelFileException(path, $"bad header length {len}");
        var json = new byte[len];
        s.ReadExactly(json);
        JsonObject header;
        try { header = JsonNode.Parse(json)?.AsObject() ?? throw new ModelFileException(path, "empty header"); }
        catch (JsonException e) { throw new ModelFileException(path, "malformed header: " + e.Message, e); }
        var tensors = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            foreach (var node in header["tensors"]?.AsArray() ?? throw new ModelFileException(path, "header lists no tensors"))
            {
                var name = node!["name"]!.GetValue<string>();
                var shape = node["shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
                var count = shape.Aggregate(1L, (a, b) => a * b);
                if (count < 0 || count * 4 > s.Length - s.Position) throw new ModelFileException(path, $"truncated: tensor '{name}' needs {count * 4} bytes");
                var bytes = new byte[count * 4];
                s.ReadExactly(bytes);
                var values = new float[count];
                for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
                tensors[name] = new Entry(name, shape, values);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ModelFileException(path, "malformed tensor list: " + e.Message, e);
        }
        return (header, tensors);
    }
}
