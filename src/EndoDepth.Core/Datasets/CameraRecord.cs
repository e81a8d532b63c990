using System.Text.Json.Serialization;
using EndoDepth.Geometry;

namespace EndoDepth.Datasets;

/// <summary>The serialisable form of a <see cref="CameraModel"/> in dataset manifests.</summary>
/// <param name="Model">"pinhole" or "fisheye-equidistant".</param>
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

    /// <summary>Describes a camera.</summary>
    public static CameraRecord From(CameraModel c) => new(
        c.Kind == ProjectionKind.Pinhole ? PinholeName : FisheyeName, c.Width, c.Height, c.Fx, c.Fy, c.Cx, c.Cy,
        c.MaxTheta * 180.0 / Math.PI);

    /// <summary>The camera this record describes.</summary>
    /// <exception cref="FormatException">Unknown model name.</exception>
    public CameraModel ToCamera()
    {
        var kind = Model switch
        {
            PinholeName => ProjectionKind.Pinhole,
            FisheyeName => ProjectionKind.EquidistantFisheye,
            _ => throw new FormatException($"Unknown camera model '{Model}' (expected '{PinholeName}' or " +
                $"'{FisheyeName}')."),
        };
        return new CameraModel(kind, Width, Height, (float)Fx, (float)Fy, (float)Cx, (float)Cy,
            (float)(MaxThetaDeg * Math.PI / 180.0));
    }
}
