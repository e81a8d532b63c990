using System.Globalization;
using System.Text.Json;

namespace EndoDepth.Geometry.Calibration;

/// <summary>The named fields of one calibration (from JSON or key=value text), read strictly.</summary>
internal sealed class Fields
{
    private readonly Dictionary<string, double> _numbers;
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double[]> _arrays = new(StringComparer.Ordinal);

    /// <summary>Fields of a model given by name.</summary>
    public Fields(string source, string model, IReadOnlyDictionary<string, double> numbers)
    {
        Source = source;
        _numbers = new Dictionary<string, double>(numbers, StringComparer.Ordinal);
        _texts["model"] = model;
    }

    private Fields(string source)
    {
        Source = source;
        _numbers = new Dictionary<string, double>(StringComparer.Ordinal);
    }

    /// <summary>The file the fields came from.</summary>
    public string Source { get; }

    /// <summary>Reads a JSON object's members: numbers, strings and (when allowed) numeric arrays.</summary>
    public static Fields Of(JsonElement root, string source, bool arrays = false)
    {
        var f = new Fields(source);
        foreach (var p in root.EnumerateObject())
        {
            if (f.Has(p.Name))
                throw new CameraCalibrationException(source, p.Name, "given twice");
            switch (p.Value.ValueKind)
            {
                case JsonValueKind.Number:
                    f._numbers[p.Name] = p.Value.TryGetDouble(out var d) ? d : double.NaN;
                    break;
                case JsonValueKind.String:
                    f._texts[p.Name] = p.Value.GetString()!;
                    break;
                case JsonValueKind.Array when arrays:
                    f._arrays[p.Name] = Flatten(p.Value, source, p.Name);
                    break;
                case JsonValueKind.Object when p.Name == "coefficients": // a dataset camera record's lens coefficients
                    foreach (var c in p.Value.EnumerateObject())
                    {
                        if (c.Value.ValueKind != JsonValueKind.Number)
                            throw new CameraCalibrationException(source, c.Name, "expected a number");
                        if (!f._numbers.TryAdd(c.Name, c.Value.TryGetDouble(out var x) ? x : double.NaN))
                            throw new CameraCalibrationException(source, c.Name, "given twice");
                    }
                    break;
                default:
                    throw new CameraCalibrationException(source, p.Name, $"unexpected {p.Value.ValueKind}");
            }
        }
        return f;
    }

    /// <summary>Whether the field is present.</summary>
    public bool Has(string name) => _numbers.ContainsKey(name) || _texts.ContainsKey(name) || _arrays.ContainsKey(name);

    /// <summary>A finite number.</summary>
    public double Number(string name)
    {
        if (!_numbers.TryGetValue(name, out var v))
            throw new CameraCalibrationException(Source, name, _texts.ContainsKey(name) ? "expected a number"
                : "missing");
        if (!double.IsFinite(v) || !float.IsFinite((float)v))
            throw new CameraCalibrationException(Source, name, "not a finite number");
        return v;
    }

    /// <summary>A positive whole number no larger than 65536 (an image side).</summary>
    public int Size(string name)
    {
        var v = Number(name);
        if (v != Math.Floor(v) || v < 1 || v > 65536)
            throw new CameraCalibrationException(Source, name,
                $"expected a whole number of pixels in 1..65536, got {v.ToString(CultureInfo.InvariantCulture)}");
        return (int)v;
    }

    /// <summary>A string.</summary>
    public string Text(string name) => _texts.TryGetValue(name, out var s) ? s
        : throw new CameraCalibrationException(Source, name, Has(name) ? "expected a string" : "missing");

    /// <summary>A numeric array (nested arrays flattened row by row).</summary>
    public double[] Array(string name) => _arrays.TryGetValue(name, out var a) ? a
        : throw new CameraCalibrationException(Source, name, Has(name) ? "expected an array" : "missing");

    /// <summary>Throws for a field not in <paramref name="known"/> (names starting with '_' are comments).</summary>
    public void RejectUnknown(IReadOnlyCollection<string> known)
    {
        foreach (var name in _numbers.Keys.Concat(_texts.Keys).Concat(_arrays.Keys))
            if (!name.StartsWith('_') && !known.Contains(name))
                throw new CameraCalibrationException(Source, name, "unknown field for this model (expected " +
                    string.Join(", ", known) + ")");
    }

    private static double[] Flatten(JsonElement array, string source, string name)
    {
        var list = new List<double>();
        foreach (var item in array.EnumerateArray())
        {
            if (list.Count > 64) throw new CameraCalibrationException(source, name, "too many values");
            if (item.ValueKind == JsonValueKind.Array) list.AddRange(Flatten(item, source, name));
            else if (item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out var d) && double.IsFinite(d))
                list.Add(d);
            else throw new CameraCalibrationException(source, name, "expected finite numbers");
        }
        return [.. list];
    }
}
