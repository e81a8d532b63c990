using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EndoDepth.IO;

namespace EndoDepth.Crf;

/// <summary>
/// The one-file container of models and checkpoints: 8-byte magic <c>EDCRF001</c>, a little-endian int32 length, a
/// UTF-8 JSON header (kind, architecture, settings, tensor names, shapes and storage types, blob names and lengths,
/// extra fields), then each tensor's values (little-endian float32, or float16 where the header says so) in header
/// order, then each blob's bytes (e.g. an optimiser's state), then the trailer: the 8-byte tag <c>EDCRFSUM</c> and the
/// SHA-256 of every byte before the tag, so that no flipped bit or truncation goes unnoticed. Written atomically.
/// Files written before the trailer existed end after the blobs and are read without the check.
/// </summary>
internal static class ModelFile
{
    private static readonly byte[] Magic = "EDCRF001"u8.ToArray();
    private static readonly byte[] SumTag = "EDCRFSUM"u8.ToArray();
    internal const int SumLength = 8 + 32;

    /// <summary>JSON options for settings (enums as strings).</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false,
        Converters = { new JsonStringEnumConverter() } };

    /// <summary>A named float32 tensor (values row-major).</summary>
    public sealed record Entry(string Name, long[] Shape, float[] Values);

    /// <summary>
    /// Writes the header, tensors (float32, or float16 when <paramref name="half"/>) and blobs atomically.
    /// </summary>
    public static void Write(string path, JsonObject header, IReadOnlyList<Entry> tensors, bool half = false,
        IReadOnlyList<(string Name, byte[] Bytes)>? blobs = null)
    {
        blobs ??= [];
        header["tensors"] = new JsonArray(tensors.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
            ["dtype"] = half ? "float16" : "float32",
        }).ToArray());
        header["blobs"] = new JsonArray(blobs
            .Select(b => (JsonNode)new JsonObject { ["name"] = b.Name, ["length"] = b.Bytes.Length })
            .ToArray());
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        AtomicFile.Write(path, s =>
        {
            using var sum = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes)
            {
                sum.AppendData(bytes);
                s.Write(bytes);
            }
            Put(Magic);
            Span<byte> len = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(len, json.Length);
            Put(len);
            Put(json);
            foreach (var t in tensors)
            {
                var size = half ? 2 : 4;
                var bytes = new byte[t.Values.Length * size];
                for (var i = 0; i < t.Values.Length; i++)
                {
                    if (half) BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)t.Values[i]);
                    else BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), t.Values[i]);
                }
                Put(bytes);
            }
            foreach (var (_, bytes) in blobs) Put(bytes);
            s.Write(SumTag);
            s.Write(sum.GetHashAndReset());
        });
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="ModelFileException">Not such a file, truncated or malformed.</exception>
    public static (JsonObject Header, Dictionary<string, Entry> Tensors) Read(string path)
    {
        var (header, tensors, _) = ReadWithBlobs(path);
        return (header, tensors);
    }

    /// <summary>Reads a file written by <see cref="Write"/>, blobs included.</summary>
    /// <exception cref="ModelFileException">Not such a file, truncated or malformed.</exception>
    public static (JsonObject Header, Dictionary<string, Entry> Tensors,
        Dictionary<string, byte[]> Blobs) ReadWithBlobs(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        using var s = File.OpenRead(path);
        return ReadWithBlobs(s, path);
    }

    /// <summary>Reads a model file from a seekable stream; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="ModelFileException">Not such a file, truncated or malformed.</exception>
    public static (JsonObject Header, Dictionary<string, Entry> Tensors,
        Dictionary<string, byte[]> Blobs) ReadWithBlobs(Stream s, string path)
    {
        var start = s.Position;
        var head = new byte[12];
        if (s.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12 || !head.AsSpan(0, 8).SequenceEqual(Magic))
            throw new ModelFileException(path, "not an EndoDepth CNN-CRF model file (bad magic)");
        var len = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
        if (len <= 0 || len > 16 << 20 || len > s.Length - 12)
            throw new ModelFileException(path, $"bad header length {len}");
        var json = new byte[len];
        s.ReadExactly(json);
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw new ModelFileException(path, "malformed header: not UTF-8");
        JsonObject header;
        try { header = JsonNode.Parse(json)?.AsObject() ?? throw new ModelFileException(path, "empty header"); }
        catch (JsonException e) { throw new ModelFileException(path, "malformed header: " + e.Message, e); }
        var tensors = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var node in header["tensors"]?.AsArray()
                     ?? throw new ModelFileException(path, "header lists no tensors"))
            {
                var name = node!["name"]!.GetValue<string>();
                var shape = node["shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
                if (shape.Any(d => d < 0 || d > int.MaxValue))
                    throw new ModelFileException(path, $"tensor '{name}' has a bad shape");
                var count = shape.Aggregate(1L, (a, b) => a * b);
                var size = node["dtype"]?.GetValue<string>() switch
                {
                    null or "float32" => 4,
                    "float16" => 2,
                    var other => throw new ModelFileException(path, $"tensor '{name}' has unknown dtype '{other}'"),
                };
                if (count < 0 || count * size > s.Length - s.Position) throw new ModelFileException(path,
                    $"truncated: tensor '{name}' needs {count * size} bytes");
                var bytes = new byte[count * size];
                s.ReadExactly(bytes);
                var values = new float[count];
                for (var i = 0; i < count; i++)
                    values[i] = size == 2
                        ? (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2))
                        : BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
                tensors[name] = new Entry(name, shape, values);
            }
            foreach (var node in header["blobs"]?.AsArray() ?? [])
            {
                var name = node!["name"]!.GetValue<string>();
                var length = node["length"]!.GetValue<long>();
                if (length < 0 || length > s.Length - s.Position) throw new ModelFileException(path,
                    $"truncated: blob '{name}' needs {length} bytes");
                var bytes = new byte[length];
                s.ReadExactly(bytes);
                blobs[name] = bytes;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ModelFileException(path, "malformed tensor list: " + e.Message, e);
        }
        CheckTrailer(s, start, path);
        return (header, tensors, blobs);
    }

    /// <summary>
    /// Checks the SHA-256 trailer against every byte before it. A file that ends right after its blobs was written
    /// before the trailer existed and passes unchecked; anything else after the blobs is refused.
    /// </summary>
    private static void CheckTrailer(Stream s, long start, string path)
    {
        var end = s.Position;
        var rest = s.Length - end;
        if (rest == 0) return;
        var trailer = new byte[SumLength];
        if (rest < SumLength)
            throw new ModelFileException(path, $"truncated: {rest} of the checksum trailer's {SumLength} bytes");
        if (rest != SumLength || s.ReadAtLeast(trailer, SumLength, throwOnEndOfStream: false) < SumLength
            || !trailer.AsSpan(0, SumTag.Length).SequenceEqual(SumTag))
            throw new ModelFileException(path, $"damaged: {rest} unexpected bytes after the tensors");
        s.Position = start;
        using var sum = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (var left = end - start; left > 0;)
        {
            var n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0) throw new ModelFileException(path, "truncated while checking its checksum");
            sum.AppendData(buffer, 0, n);
            left -= n;
        }
        if (!sum.GetHashAndReset().AsSpan().SequenceEqual(trailer.AsSpan(SumTag.Length)))
            throw new ModelFileException(path, "damaged: its SHA-256 checksum does not match its contents");
        s.Position = end + SumLength;
    }
}
