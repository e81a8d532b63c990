using System.Globalization;
using System.Text;
using System.Text.Json;
using EndoDepth.IO;

namespace EndoDepth.Geometry.Calibration;

/// <summary>
/// Camera calibration files (docs/cameras.md): EndoDepth's JSON (<c>model</c>: pinhole | equidistant |
/// brown-conrady | kannala-brandt | scaramuzza, <c>width</c>, <c>height</c> and the model's coefficients), OpenCV-style
/// JSON intrinsics (<c>camera_matrix</c> + <c>dist_coeffs</c>, <c>distortion_model</c> plumb_bob or fisheye), and
/// C3VD's <c>key=value</c> omnidirectional intrinsics. Strict: an unknown model or field, a missing or non-finite
/// coefficient, or a polynomial that is not invertible over the image throws <see cref="CameraCalibrationException"/>
/// naming the file and the field.
/// </summary>
public static class CameraCalibration
{
    /// <summary>Model name of <see cref="ProjectionKind.Pinhole"/>.</summary>
    public const string PinholeModel = "pinhole";
    /// <summary>Model name of <see cref="ProjectionKind.EquidistantFisheye"/>.</summary>
    public const string EquidistantModel = "equidistant";
    /// <summary>Model name of <see cref="ProjectionKind.BrownConrady"/>.</summary>
    public const string BrownConradyModel = "brown-conrady";
    /// <summary>Model name of <see cref="ProjectionKind.KannalaBrandt"/>.</summary>
    public const string KannalaBrandtModel = "kannala-brandt";
    /// <summary>Model name of <see cref="ProjectionKind.Scaramuzza"/>.</summary>
    public const string ScaramuzzaModel = "scaramuzza";

    private const long MaxFileBytes = 1 << 20;

    /// <summary>Reads a calibration file in any of the accepted formats.</summary>
    /// <param name="path">EndoDepth JSON, OpenCV-style JSON, or C3VD <c>key=value</c> text.</param>
    /// <exception cref="CameraCalibrationException">The file is not a valid calibration (names the field).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CameraModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such calibration file.", path);
        if (info.Length > MaxFileBytes)
            throw new CameraCalibrationException(path, null, $"{info.Length} bytes is too large for a calibration");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses calibration text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CameraCalibrationException">The text is not a valid calibration.</exception>
    public static CameraModel Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!trimmed.StartsWith('{')) return FromC3vd(trimmed, source);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { throw new CameraCalibrationException(source, null, $"not valid JSON: {e.Message}", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new CameraCalibrationException(source, null, "expected a JSON object");
            return doc.RootElement.TryGetProperty("camera_matrix", out _)
                ? FromOpenCv(doc.RootElement, source)
                : FromFields(Fields.Of(doc.RootElement, source));
        }
    }

    /// <summary>Writes <paramref name="camera"/> as EndoDepth calibration JSON (atomically).</summary>
    public static void Save(CameraModel camera, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, ToJson(camera));
    }

    /// <summary>The EndoDepth calibration JSON of <paramref name="camera"/>.</summary>
    public static string ToJson(CameraModel camera)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", ModelName(camera.Kind));
            w.WriteNumber("width", camera.Width);
            w.WriteNumber("height", camera.Height);
            foreach (var (name, value) in Coefficients(camera)) w.WriteNumber(name, value);
            w.WriteNumber("max_theta_deg", camera.MaxTheta * 180.0 / Math.PI);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The model name of a projection kind in calibration files and dataset manifests.</summary>
    public static string ModelName(ProjectionKind kind) => kind switch
    {
        ProjectionKind.Pinhole => PinholeModel,
        ProjectionKind.EquidistantFisheye => EquidistantModel,
        ProjectionKind.BrownConrady => BrownConradyModel,
        ProjectionKind.KannalaBrandt => KannalaBrandtModel,
        ProjectionKind.Scaramuzza => ScaramuzzaModel,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"Unknown projection {kind}."),
    };

    /// <summary>
    /// The named coefficients of <paramref name="camera"/> as its calibration file spells them (fx, fy, cx, cy and
    /// the model's own; cx, cy in EndoDepth's pixel convention).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Coefficients(CameraModel camera)
    {
        var list = new List<KeyValuePair<string, double>>();
        void Add(string name, float value) => list.Add(new(name, value));
        if (camera.Kind != ProjectionKind.Scaramuzza) { Add("fx", camera.Fx); Add("fy", camera.Fy); }
        Add("cx", camera.Cx); Add("cy", camera.Cy);
        switch (camera.Kind)
        {
            case ProjectionKind.BrownConrady:
                Add("k1", camera.K1); Add("k2", camera.K2); Add("p1", camera.P1); Add("p2", camera.P2);
                Add("k3", camera.K3);
                break;
            case ProjectionKind.KannalaBrandt:
                Add("k1", camera.K1); Add("k2", camera.K2); Add("k3", camera.K3); Add("k4", camera.K4);
                break;
            case ProjectionKind.Scaramuzza:
                Add("a0", camera.A0); Add("a1", camera.A1); Add("a2", camera.A2); Add("a3", camera.A3);
                Add("a4", camera.A4); Add("a5", camera.A5);
                Add("c", camera.StretchC); Add("d", camera.StretchD); Add("e", camera.StretchE);
                break;
        }
        return list;
    }

    /// <summary>Builds a camera from named fields (calibration JSON, or a dataset manifest's camera record).</summary>
    internal static CameraModel FromFields(Fields f)
    {
        var model = f.Text("model");
        var width = f.Size("width");
        var height = f.Size("height");
        float? maxTheta = f.Has("max_theta_deg") ? (float)(f.Number("max_theta_deg") * Math.PI / 180) : null;
        string[] known = model switch
        {
            PinholeModel or EquidistantModel or "fisheye-equidistant" => ["fx", "fy", "cx", "cy"],
            BrownConradyModel => ["fx", "fy", "cx", "cy", "k1", "k2", "p1", "p2", "k3"],
            KannalaBrandtModel => ["fx", "fy", "cx", "cy", "k1", "k2", "k3", "k4"],
            ScaramuzzaModel => ["cx", "cy", "a0", "a1", "a2", "a3", "a4", "a5", "c", "d", "e"],
            _ => throw new CameraCalibrationException(f.Source, "model", $"unknown model '{model}' (expected " +
                $"{PinholeModel}, {EquidistantModel}, {BrownConradyModel}, {KannalaBrandtModel} or {ScaramuzzaModel})"),
        };
        // A Scaramuzza camera record also carries its derived centre focal lengths fx = c·a0, fy = a0: ignored.
        string[] derived = model == ScaramuzzaModel ? ["fx", "fy"] : [];
        f.RejectUnknown(["model", "width", "height", "max_theta_deg", .. known, .. derived]);
        foreach (var name in known)
            if (!f.Has(name) && name is not ("k3" or "a1" or "a5"))
                throw new CameraCalibrationException(f.Source, name,
                    $"missing: the {model} model needs {string.Join(", ", known)}");
        float N(string name) => (float)f.Number(name);
        float Optional(string name) => f.Has(name) ? N(name) : 0f;
        try
        {
            return model switch
            {
                PinholeModel => ImageCone(ProjectionKind.Pinhole, width, height, N("fx"), N("fy"), N("cx"), N("cy"),
                    maxTheta),
                EquidistantModel or "fisheye-equidistant" => ImageCone(ProjectionKind.EquidistantFisheye, width,
                    height, N("fx"), N("fy"), N("cx"), N("cy"), maxTheta),
                BrownConradyModel => CameraModel.BrownConrady(width, height, N("fx"), N("fy"), N("cx"), N("cy"),
                    N("k1"), N("k2"), N("p1"), N("p2"), Optional("k3"), maxTheta),
                KannalaBrandtModel => CameraModel.KannalaBrandt(width, height, N("fx"), N("fy"), N("cx"), N("cy"),
                    N("k1"), N("k2"), N("k3"), N("k4"), maxTheta),
                _ => CameraModel.Scaramuzza(width, height, N("cx"), N("cy"), N("a0"), Optional("a1"), N("a2"),
                    N("a3"), N("a4"), Optional("a5"), N("c"), N("d"), N("e"), maxTheta),
            };
        }
        catch (ArgumentException e)
        {
            var field = maxTheta is null ? CoefficientField(model) : "max_theta_deg";
            throw new CameraCalibrationException(f.Source, field, e.Message, e);
        }
    }

    private static string CoefficientField(string model) => model switch
    {
        BrownConradyModel => "k1..k3",
        KannalaBrandtModel => "k1..k4",
        ScaramuzzaModel => "a0..a5",
        _ => "fx",
    };

    // Pinhole and equidistant: the valid cone through the image corners (capped at 85°) unless given.
    private static CameraModel ImageCone(ProjectionKind kind, int width, int height, float fx, float fy, float cx,
        float cy, float? maxTheta)
    {
        if (maxTheta is { } m) return new CameraModel(kind, width, height, fx, fy, cx, cy, m);
        var cap = (float)LensLimits.MaxConeTheta;
        var wide = new CameraModel(kind, width, height, fx, fy, cx, cy, cap);
        var widest = 0f;
        foreach (var (u, v) in new[] { (0f, 0f), (width, 0f), (0f, height), (width, (float)height) })
            widest = MathF.Max(widest, wide.OffAxisAngle(u, v));
        return new CameraModel(kind, width, height, fx, fy, cx, cy, MathF.Min(widest * 1.0001f, cap));
    }

    // OpenCV: K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] with pixel centres at integers, so cx, cy gain 0.5.
    private static CameraModel FromOpenCv(JsonElement root, string source)
    {
        var f = Fields.Of(root, source, arrays: true);
        f.RejectUnknown(["width", "height", "camera_matrix", "dist_coeffs", "distortion_model", "max_theta_deg"]);
        var k = f.Array("camera_matrix");
        if (k.Length != 9) throw new CameraCalibrationException(source, "camera_matrix",
            $"expected 3×3 numbers, got {k.Length}");
        if (k[1] != 0 || k[3] != 0 || k[6] != 0 || k[7] != 0 || k[8] != 1)
            throw new CameraCalibrationException(source, "camera_matrix",
                "expected [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] (no skew)");
        var d = f.Array("dist_coeffs");
        var kind = f.Has("distortion_model") ? f.Text("distortion_model") : "plumb_bob";
        var fields = new Dictionary<string, double>
        {
            ["width"] = f.Size("width"), ["height"] = f.Size("height"),
            ["fx"] = k[0], ["fy"] = k[4], ["cx"] = k[2] + 0.5, ["cy"] = k[5] + 0.5,
        };
        if (f.Has("max_theta_deg")) fields["max_theta_deg"] = f.Number("max_theta_deg");
        string model;
        switch (kind)
        {
            case "plumb_bob" or "radtan" or BrownConradyModel:
                if (d.Length is not (4 or 5) && !(d.Length is 8 or 12 or 14 && d[5..].All(x => x == 0)))
                    throw new CameraCalibrationException(source, "dist_coeffs", $"expected k1, k2, p1, p2[, k3] " +
                        $"(rational and thin-prism terms are not supported), got {d.Length} values");
                model = BrownConradyModel;
                fields["k1"] = d[0]; fields["k2"] = d[1]; fields["p1"] = d[2]; fields["p2"] = d[3];
                fields["k3"] = d.Length > 4 ? d[4] : 0;
                break;
            case "fisheye" or "equidistant" or KannalaBrandtModel:
                if (d.Length != 4) throw new CameraCalibrationException(source, "dist_coeffs",
                    $"expected cv::fisheye's k1, k2, k3, k4, got {d.Length} values");
                model = KannalaBrandtModel;
                fields["k1"] = d[0]; fields["k2"] = d[1]; fields["k3"] = d[2]; fields["k4"] = d[3];
                break;
            default:
                throw new CameraCalibrationException(source, "distortion_model",
                    $"unknown distortion model '{kind}' (expected plumb_bob or fisheye)");
        }
        return FromFields(new Fields(source, model, fields));
    }

    // C3VD (DurrLab/C3VD config.ini): width, height, cx, cy, a0..a4, c, d, e as key=value lines; ';' comments and
    // [section] headers. Pixel (i, j) is at (i, j) there, so cx, cy gain 0.5.
    private static CameraModel FromC3vd(string text, string source)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is ';' or '#' || (line[0] == '[' && line[^1] == ']')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CameraCalibrationException(source, null,
                $"line {lineNumber}: expected key=value (C3VD intrinsics) or a JSON object");
            var key = line[..eq].Trim();
            var comment = line.IndexOf(';', eq);
            var value = (comment < 0 ? line[(eq + 1)..] : line[(eq + 1)..comment]).Trim();
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw new CameraCalibrationException(source, key, $"'{value}' is not a number");
            if (!values.TryAdd(key, number)) throw new CameraCalibrationException(source, key, "given twice");
        }
        foreach (var key in new[] { "cx", "cy" })
            if (values.TryGetValue(key, out var v)) values[key] = v + 0.5;
        return FromFields(new Fields(source, ScaramuzzaModel, values));
    }
}
