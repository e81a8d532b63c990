namespace EndoDepth.Geometry;

/// <summary>
/// Intrinsics of a monocular camera: pinhole or wide-angle equidistant fisheye. Pixel (i, j) has its centre at
/// (u, v) = (i + 0.5, j + 0.5); the principal point (cx, cy) is in the same units. Camera frame: +X right,
/// +Y down, +Z forward. <see cref="Project"/> and <see cref="Unproject"/> are exact inverses within the field of view.
/// A value type usable inside ILGPU kernels.
/// </summary>
public readonly struct CameraModel : IEquatable<CameraModel>
{
    /// <summary>Largest field of view accepted (degrees).</summary>
    public const float MaxFieldOfViewDegrees = 170f;

    /// <summary>The projection.</summary>
    public readonly ProjectionKind Kind;
    /// <summary>Image width in pixels.</summary>
    public readonly int Width;
    /// <summary>Image height in pixels.</summary>
    public readonly int Height;
    /// <summary>Focal length along x, in pixels.</summary>
    public readonly float Fx;
    /// <summary>Focal length along y, in pixels.</summary>
    public readonly float Fy;
    /// <summary>Principal point x, in pixels (image left edge = 0).</summary>
    public readonly float Cx;
    /// <summary>Principal point y, in pixels (image top edge = 0).</summary>
    public readonly float Cy;
    /// <summary>Largest angle from the optical axis that images (radians); rays beyond it are invalid.</summary>
    public readonly float MaxTheta;

    /// <summary>Creates a camera from explicit intrinsics.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive size or focal length, or maxTheta outside (0,
    /// 85°].</exception>
    public CameraModel(ProjectionKind kind, int width, int height, float fx, float fy, float cx, float cy,
        float maxTheta)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width),
            $"Image size must be positive, got {width}×{height}.");
        if (!(fx > 0) || !(fy > 0))
            throw new ArgumentOutOfRangeException(nameof(fx), "Focal lengths must be positive.");
        if (!(maxTheta > 0) || maxTheta > MaxFieldOfViewDegrees / 2 * MathF.PI / 180f + 1e-6f)
            throw new ArgumentOutOfRangeException(nameof(maxTheta),
                $"Half field of view must be in (0, {MaxFieldOfViewDegrees / 2}°].");
        Kind = kind; Width = width; Height = height; Fx = fx; Fy = fy; Cx = cx; Cy = cy; MaxTheta = maxTheta;
    }

    /// <summary>
    /// A centred camera whose horizontal field of view is <paramref name="fieldOfViewDegrees"/> across the image width
    /// (square pixels). The valid cone is the circle through the image corners, capped at 85° from the axis.
    /// </summary>
    public static CameraModel Create(ProjectionKind kind, int width, int height, float fieldOfViewDegrees)
    {
        if (!(fieldOfViewDegrees > 0) || fieldOfViewDegrees > MaxFieldOfViewDegrees)
            throw new ArgumentOutOfRangeException(nameof(fieldOfViewDegrees),
                $"Field of view must be in (0, {MaxFieldOfViewDegrees}]°, got {fieldOfViewDegrees}.");
        if (kind == ProjectionKind.Pinhole && fieldOfViewDegrees >= 179f)
            throw new ArgumentOutOfRangeException(nameof(fieldOfViewDegrees),
                "A pinhole camera needs a field of view below 180°.");
        var halfFov = fieldOfViewDegrees * MathF.PI / 360f;
        var halfWidth = width / 2f;
        var f = kind == ProjectionKind.Pinhole ? halfWidth / MathF.Tan(halfFov) : halfWidth / halfFov;
        var cornerRadius = MathF.Sqrt(halfWidth * halfWidth + height * height / 4f);
        var cornerTheta = kind == ProjectionKind.Pinhole ? MathF.Atan(cornerRadius / f) : cornerRadius / f;
        var maxTheta = MathF.Min(cornerTheta * 1.0001f, MaxFieldOfViewDegrees / 2 * MathF.PI / 180f);
        return new CameraModel(kind, width, height, f, f, halfWidth, height / 2f, maxTheta);
    }

    /// <summary>A pinhole camera with the given horizontal field of view.</summary>
    public static CameraModel Pinhole(int width, int height, float fieldOfViewDegrees) =>
        Create(ProjectionKind.Pinhole, width, height, fieldOfViewDegrees);

    /// <summary>An equidistant fisheye camera with the given horizontal field of view (up to 170°).</summary>
    public static CameraModel Fisheye(int width, int height, float fieldOfViewDegrees) =>
        Create(ProjectionKind.EquidistantFisheye, width, height, fieldOfViewDegrees);

    /// <summary>The same camera at another resolution (intrinsics scaled).</summary>
    public CameraModel Resized(int width, int height)
    {
        var sx = (float)width / Width; var sy = (float)height / Height;
        return new CameraModel(Kind, width, height, Fx * sx, Fy * sy, Cx * sx, Cy * sy, MaxTheta);
    }

    /// <summary>
    /// Unit direction, in the camera frame, of the ray through image point (u, v). Returns false (and the direction
    /// anyway) when the ray lies outside the valid cone <see cref="MaxTheta"/>.
    /// </summary>
    public bool Unproject(float u, float v, out Float3 direction)
    {
        var mx = (u - Cx) / Fx;
        var my = (v - Cy) / Fy;
        if (Kind == ProjectionKind.Pinhole)
        {
            direction = Float3.Normalize(new Float3(mx, my, 1f));
            return MathF.Acos(MathF.Min(1f, direction.Z)) <= MaxTheta;
        }
        var theta = MathF.Sqrt(mx * mx + my * my); // equidistant: r = f·θ
        if (theta < 1e-12f)
        {
            direction = Float3.UnitZ;
            return true;
        }
        var s = MathF.Sin(theta) / theta;
        direction = new Float3(mx * s, my * s, MathF.Cos(theta));
        return theta <= MaxTheta;
    }

    /// <summary>
    /// Projects a camera-frame point to image coordinates (u, v). Returns false when the point is behind the camera
    /// or outside the valid cone (u, v still computed when possible).
    /// </summary>
    public bool Project(Float3 p, out float u, out float v)
    {
        var rho = MathF.Sqrt(p.X * p.X + p.Y * p.Y);
        var theta = MathF.Atan2(rho, p.Z);
        if (Kind == ProjectionKind.Pinhole)
        {
            if (p.Z <= 0f) { u = v = float.NaN; return false; }
            u = Cx + Fx * p.X / p.Z;
            v = Cy + Fy * p.Y / p.Z;
            return theta <= MaxTheta;
        }
        if (rho < 1e-20f)
        {
            u = Cx; v = Cy;
            return p.Z > 0f;
        }
        u = Cx + Fx * theta * p.X / rho;
        v = Cy + Fy * theta * p.Y / rho;
        return theta <= MaxTheta;
    }

    /// <summary>The camera-frame point at z-depth <paramref name="zDepth"/> seen through pixel centre (u, v).</summary>
    public Float3 UnprojectZDepth(float u, float v, float zDepth)
    {
        Unproject(u, v, out var d);
        return d * (zDepth / d.Z);
    }

    /// <summary>Radial distance ÷ z-depth for the ray through (u, v): 1 / cos θ.</summary>
    public float RadialPerZ(float u, float v)
    {
        Unproject(u, v, out var d);
        return 1f / d.Z;
    }

    /// <inheritdoc />
    public bool Equals(CameraModel other) =>
        Kind == other.Kind && Width == other.Width && Height == other.Height && Fx == other.Fx && Fy == other.Fy &&
        Cx == other.Cx && Cy == other.Cy && MaxTheta == other.MaxTheta;
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CameraModel c && Equals(c);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Width, Height, Fx, Fy, Cx, Cy, MaxTheta);
    /// <summary>Exact equality.</summary>
    public static bool operator ==(CameraModel a, CameraModel b) => a.Equals(b);
    /// <summary>Exact inequality.</summary>
    public static bool operator !=(CameraModel a, CameraModel b) => !a.Equals(b);
}
