using System.Globalization;
using System.Text;
using System.Text.Json;
using EndoDepth.IO;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// The geometry JSON (docs/tomography.md): one object with exactly the fields <c>beam</c> ("parallel", "fan" or
/// "cone"), <c>anglesDegrees</c>, <c>detectorColumns</c>, <c>detectorRows</c>, <c>pixelPitchUMm</c>,
/// <c>pixelPitchVMm</c>, <c>offsetUMm</c>, <c>offsetVMm</c>, and for fan and cone beams <c>sourceIsocentreMm</c> and
/// <c>sourceDetectorMm</c>. Reading is strict: an unknown, missing, duplicated or non-finite field is an error naming
/// the file and the field.
/// </summary>
public static class ScanGeometryFile
{
    /// <summary>Largest geometry file read (bytes).</summary>
    public const long MaxBytes = 64L << 20;

    private static readonly string[] Common =
        ["beam", "anglesDegrees", "detectorColumns", "detectorRows", "pixelPitchUMm", "pixelPitchVMm", "offsetUMm",
            "offsetVMm"];
    private static readonly string[] Source = ["sourceIsocentreMm", "sourceDetectorMm"];

    /// <summary>Reads a geometry file.</summary>
    /// <exception cref="ScanGeometryException">Malformed JSON, or an unknown, missing or invalid field.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static ScanGeometry Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such geometry file", path);
        if (info.Length > MaxBytes) throw new ScanGeometryException(path, null, $"larger than {MaxBytes} bytes");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses geometry JSON; <paramref name="name"/> names it in error messages.</summary>
    /// <exception cref="ScanGeometryException">Malformed JSON, or an unknown, missing or invalid field.</exception>
    public static ScanGeometry Parse(ReadOnlySpan<byte> json, string name = "(stream)")
    {
        if (json.StartsWith("\uFEFF"u8)) json = json[3..]; // a UTF-8 byte-order mark, as some editors write
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new ScanGeometryException(name, null, $"not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ScanGeometryException(name, null, "not a JSON object");
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject())
                if (!fields.TryAdd(p.Name, p.Value)) throw new ScanGeometryException(name, p.Name, "appears twice");
            var beam = ParseBeam(Require(fields, "beam", name), name);
            var allowed = beam == BeamKind.Parallel ? Common : [.. Common, .. Source];
            foreach (var f in fields.Keys)
                if (Array.IndexOf(allowed, f) < 0)
                    throw new ScanGeometryException(name, f, beam == BeamKind.Parallel && Array.IndexOf(Source, f) >= 0
                        ? "not used by a parallel beam" : "unknown field");
            var anglesElement = Require(fields, "anglesDegrees", name);
            if (anglesElement.ValueKind != JsonValueKind.Array)
                throw new ScanGeometryException(name, "anglesDegrees", "must be an array of numbers");
            var angles = new List<double>();
            foreach (var a in anglesElement.EnumerateArray()) angles.Add(Number(a, "anglesDegrees", name));
            var g = new ScanGeometry
            {
                Beam = beam,
                AnglesDegrees = angles,
                DetectorColumns = Integer(Require(fields, "detectorColumns", name), "detectorColumns", name),
                DetectorRows = Integer(Require(fields, "detectorRows", name), "detectorRows", name),
                PixelPitchUMm = Number(Require(fields, "pixelPitchUMm", name), "pixelPitchUMm", name),
                PixelPitchVMm = Number(Require(fields, "pixelPitchVMm", name), "pixelPitchVMm", name),
                OffsetUMm = Number(Require(fields, "offsetUMm", name), "offsetUMm", name),
                OffsetVMm = Number(Require(fields, "offsetVMm", name), "offsetVMm", name),
                SourceIsocentreMm = beam == BeamKind.Parallel ? 0
                    : Number(Require(fields, "sourceIsocentreMm", name), "sourceIsocentreMm", name),
                SourceDetectorMm = beam == BeamKind.Parallel ? 0
                    : Number(Require(fields, "sourceDetectorMm", name), "sourceDetectorMm", name),
            };
            if (g.FindProblem() is { } problem) throw new ScanGeometryException(name, problem.Field, problem.Problem);
            return g;
        }
    }

    /// <summary>Writes <paramref name="geometry"/> as JSON, atomically.</summary>
    /// <exception cref="ArgumentException">The geometry is invalid.</exception>
    public static void Write(string path, ScanGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(ToJson(geometry)));
    }

    /// <summary>The JSON text of <paramref name="geometry"/> (invariant culture, round-trip doubles).</summary>
    /// <exception cref="ArgumentException">The geometry is invalid.</exception>
    public static string ToJson(ScanGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("beam", geometry.Beam.ToString().ToLowerInvariant());
            w.WriteNumber("detectorColumns", geometry.DetectorColumns);
            w.WriteNumber("detectorRows", geometry.DetectorRows);
            w.WriteNumber("pixelPitchUMm", geometry.PixelPitchUMm);
            w.WriteNumber("pixelPitchVMm", geometry.PixelPitchVMm);
            w.WriteNumber("offsetUMm", geometry.OffsetUMm);
            w.WriteNumber("offsetVMm", geometry.OffsetVMm);
            if (geometry.Beam != BeamKind.Parallel)
            {
                w.WriteNumber("sourceIsocentreMm", geometry.SourceIsocentreMm);
                w.WriteNumber("sourceDetectorMm", geometry.SourceDetectorMm);
            }
            w.WriteStartArray("anglesDegrees");
            foreach (var a in geometry.AnglesDegrees) w.WriteNumberValue(a);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement Require(Dictionary<string, JsonElement> fields, string field, string name) =>
        fields.TryGetValue(field, out var e) ? e : throw new ScanGeometryException(name, field, "missing");

    private static BeamKind ParseBeam(JsonElement e, string name) =>
        (e.ValueKind == JsonValueKind.String ? e.GetString() : null) switch
        {
            "parallel" => BeamKind.Parallel,
            "fan" => BeamKind.Fan,
            "cone" => BeamKind.Cone,
            _ => throw new ScanGeometryException(name, "beam", "must be \"parallel\", \"fan\" or \"cone\""),
        };

    private static double Number(JsonElement e, string field, string name)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
            throw new ScanGeometryException(name, field, string.Create(CultureInfo.InvariantCulture,
                $"must be a finite number, got {Shorten(e.GetRawText())}"));
        return v;
    }

    private static int Integer(JsonElement e, string field, string name)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v))
            throw new ScanGeometryException(name, field, $"must be an integer, got {Shorten(e.GetRawText())}");
        return v;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
