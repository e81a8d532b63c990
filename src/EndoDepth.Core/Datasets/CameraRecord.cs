using System.Text.Json.Serialization;
using EndoDepth.Geometry;
using EndoDepth.Geometry.Calibration;

namespace EndoDepth.Datasets;

/// <summary>
/// The serialisable form of a <see cref="CameraModel"/> in dataset manifests. Calibrated lenses add their coefficients
/// (<see cref="Coefficients"/>, named as in calibration files, docs/cameras.md); records without them read as before.
/// For Scaramuzza, <see cref="Fx"/> and <see cref="Fy"/> hold the focal lengths at the centre (c·a0, a0).
/// </summary>
/// <param name="Model">"pinhole", "fisheye-equidistant", "brown-conrady", "kannala-brandt" or "scaramuzza".</param>
/// <param name="Width">Image width (px).</param>
/// <param name="Height">Image height (px).</param>
/// <param name="Fx">Focal length x (px).</param>
/// <param name="Fy">Focal length y (px).</param>
/// <param name="Cx">Principal point x (px, left edge = 0).</param>
/// <param name="Cy">Principal point y (px, top edge = 0).</param>
/// <param name="MaxThetaDeg">Half field of view of the valid cone (degrees).</param>
public sealed record CameraRecord(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("fx")] double Fx,
    [property: JsonPropertyName("fy")] double Fy,
    [property: JsonPropertyName("cx")] double Cx,
    [property: JsonPropertyName("cy")] double Cy,
    [property: JsonPropertyName("max_theta_deg")] double MaxThetaDeg)
{
    /// <summary>Manifest name of <see cref="ProjectionKind.Pinhole"/>.</summary>
    public const string PinholeName = "pinhole";
    /// <summary>Manifest name of <see cref="ProjectionKind.EquidistantFisheye"/>.</summary>
    public const string FisheyeName = "fisheye-equidistant";

    /// <summary>
    /// The lens coefficients of a calibrated model (k1…, p1, p2 or a0…a5, c, d, e), keyed as in calibration files;
    /// null for pinhole and equidistant cameras.
    /// </summary>
    [JsonPropertyName("coefficients")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Coefficients { get; init; }

    /// <summary>Describes a camera.</summary>
    public static CameraRecord From(CameraModel c)
    {
        if (c.Kind is ProjectionKind.Pinhole or ProjectionKind.EquidistantFisheye)
            return new(c.Kind == ProjectionKind.Pinhole ? PinholeName : FisheyeName, c.Width, c.Height, c.Fx, c.Fy,
                c.Cx, c.Cy, c.MaxTheta * 180.0 / Math.PI);
        var lens = CameraCalibration.Coefficients(c).Where(kv => kv.Key is not ("fx" or "fy" or "cx" or "cy"))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new(CameraCalibration.ModelName(c.Kind), c.Width, c.Height, c.Fx, c.Fy, c.Cx, c.Cy,
            c.MaxTheta * 180.0 / Math.PI) { Coefficients = lens };
    }

    /// <summary>The camera this record describes.</summary>
    /// <exception cref="FormatException">Unknown model name, or missing or invalid lens coefficients.</exception>
    public CameraModel ToCamera()
    {
        var kind = Model switch
        {
            PinholeName => ProjectionKind.Pinhole,
            FisheyeName => ProjectionKind.EquidistantFisheye,
            CameraCalibration.BrownConradyModel or CameraCalibration.KannalaBrandtModel
                or CameraCalibration.ScaramuzzaModel => (ProjectionKind?)null,
            _ => throw new FormatException($"Unknown camera model '{Model}' (expected '{PinholeName}', " +
                $"'{FisheyeName}', '{CameraCalibration.BrownConradyModel}', '{CameraCalibration.KannalaBrandtModel}' " +
                $"or '{CameraCalibration.ScaramuzzaModel}')."),
        };
        if (kind is { } k)
            return new CameraModel(k, Width, Height, (float)Fx, (float)Fy, (float)Cx, (float)Cy,
                (float)(MaxThetaDeg * Math.PI / 180.0));
        var fields = new Dictionary<string, double>(Coefficients ?? new Dictionary<string, double>(),
            StringComparer.Ordinal)
        {
            ["width"] = Width, ["height"] = Height, ["cx"] = Cx, ["cy"] = Cy, ["max_theta_deg"] = MaxThetaDeg,
        };
        if (Model != CameraCalibration.ScaramuzzaModel) { fields["fx"] = Fx; fields["fy"] = Fy; }
        try { return CameraCalibration.FromFields(new Fields("camera record", Model, fields)); }
        catch (CameraCalibrationException e) { throw new FormatException(e.Message, e); }
    }
}
