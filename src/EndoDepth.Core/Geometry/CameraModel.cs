namespace EndoDepth.Geometry;

/// <summary>
/// Intrinsics of a monocular camera: pinhole, equidistant fisheye, or a calibrated real lens (Brown–Conrady,
/// Kannala–Brandt, Scaramuzza; docs/cameras.md). Pixel (i, j) has its centre at (u, v) = (i + 0.5, j + 0.5); the
/// principal point (cx, cy) is in the same units. Camera frame: +X right, +Y down, +Z forward. <see cref="Project"/>
/// and <see cref="Unproject"/> are exact inverses within the field of view (closed form, or a bounded safeguarded
/// Newton iteration converged to float precision). A blittable value type usable inside ILGPU kernels.
/// </summary>
/// <remarks>
/// The valid cone <see cref="MaxTheta"/> never reaches past the point where a lens polynomial stops being monotonic:
/// a model that would fold there is refused when it is made, so every pixel inside the cone has exactly one ray.
/// </remarks>
public readonly partial struct CameraModel : IEquatable<CameraModel>
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
    /// <summary>Radial coefficient k1 (Brown–Conrady, Kannala–Brandt; 0 otherwise).</summary>
    public readonly float K1;
    /// <summary>Radial coefficient k2 (Brown–Conrady, Kannala–Brandt; 0 otherwise).</summary>
    public readonly float K2;
    /// <summary>Radial coefficient k3 (Brown–Conrady, Kannala–Brandt; 0 otherwise).</summary>
    public readonly float K3;
    /// <summary>Radial coefficient k4 (Kannala–Brandt; 0 otherwise).</summary>
    public readonly float K4;
    /// <summary>Tangential coefficient p1 (Brown–Conrady; 0 otherwise).</summary>
    public readonly float P1;
    /// <summary>Tangential coefficient p2 (Brown–Conrady; 0 otherwise).</summary>
    public readonly float P2;
    /// <summary>Scaramuzza polynomial coefficient a0 (px; positive: the ray's z at the centre).</summary>
    public readonly float A0;
    /// <summary>Scaramuzza polynomial coefficient a1 (OCamCalib fixes it at 0).</summary>
    public readonly float A1;
    /// <summary>Scaramuzza polynomial coefficient a2 (px⁻¹).</summary>
    public readonly float A2;
    /// <summary>Scaramuzza polynomial coefficient a3 (px⁻²).</summary>
    public readonly float A3;
    /// <summary>Scaramuzza polynomial coefficient a4 (px⁻³).</summary>
    public readonly float A4;
    /// <summary>Scaramuzza polynomial coefficient a5 (px⁻⁴).</summary>
    public readonly float A5;
    /// <summary>Scaramuzza stretch matrix [[c, d], [e, 1]] (sensor → pixel offset), entry c (0 for the other models).</summary>
    public readonly float StretchC;
    /// <summary>Scaramuzza stretch matrix entry d (0 otherwise).</summary>
    public readonly float StretchD;
    /// <summary>Scaramuzza stretch matrix entry e (0 otherwise).</summary>
    public readonly float StretchE;

    // Derived once on the host, in the model's own radial variable (Brown–Conrady: undistorted normalised radius;
    // Kannala–Brandt: θ; Scaramuzza: sensor radius ρ in px): where the valid cone ends, and where the lens polynomial
    // stops being monotonic (the inverses search no further).
    private readonly float _validRadius;
    private readonly float _foldRadius;

    /// <summary>Creates a camera from explicit intrinsics.</summary>
    /// <remarks>
    /// <see cref="ProjectionKind.BrownConrady"/> and <see cref="ProjectionKind.KannalaBrandt"/> made here have zero
    /// lens coefficients; use the <see cref="BrownConrady"/>, <see cref="KannalaBrandt"/> and
    /// <see cref="Scaramuzza"/> factories for calibrated lenses.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive size or focal length, maxTheta outside (0,
    /// 85°], or an unknown kind.</exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="ProjectionKind.Scaramuzza"/>.</exception>
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
        if (kind == ProjectionKind.Scaramuzza)
            throw new ArgumentException($"Use {nameof(Scaramuzza)}(…) to make a Scaramuzza camera.", nameof(kind));
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), $"Unknown projection {kind}.");
        Kind = kind; Width = width; Height = height; Fx = fx; Fy = fy; Cx = cx; Cy = cy; MaxTheta = maxTheta;
        if (kind is ProjectionKind.BrownConrady or ProjectionKind.KannalaBrandt)
            (_validRadius, _foldRadius) = LensLimits.Radii(this);
    }

    /// <summary>
    /// A centred camera whose horizontal field of view is <paramref name="fieldOfViewDegrees"/> across the image width
    /// (square pixels). The valid cone is the circle through the image corners, capped at 85° from the axis.
    /// Brown–Conrady and Kannala–Brandt come with zero lens coefficients (a pinhole and an equidistant fisheye).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="ProjectionKind.Scaramuzza"/>, or the
    /// field of view is out of range.</exception>
    public static CameraModel Create(ProjectionKind kind, int width, int height, float fieldOfViewDegrees)
    {
        if (!(fieldOfViewDegrees > 0) || fieldOfViewDegrees > MaxFieldOfViewDegrees)
            throw new ArgumentOutOfRangeException(nameof(fieldOfViewDegrees),
                $"Field of view must be in (0, {MaxFieldOfViewDegrees}]°, got {fieldOfViewDegrees}.");
        if (kind is ProjectionKind.Pinhole or ProjectionKind.BrownConrady && fieldOfViewDegrees >= 179f)
            throw new ArgumentOutOfRangeException(nameof(fieldOfViewDegrees),
                "A pinhole camera needs a field of view below 180°.");
        var halfFov = fieldOfViewDegrees * MathF.PI / 360f;
        var halfWidth = width / 2f;
        var perspective = kind is ProjectionKind.Pinhole or ProjectionKind.BrownConrady; // zero lens coefficients
        var f = perspective ? halfWidth / MathF.Tan(halfFov) : halfWidth / halfFov;
        var cornerRadius = MathF.Sqrt(halfWidth * halfWidth + height * height / 4f);
        var cornerTheta = perspective ? MathF.Atan(cornerRadius / f) : cornerRadius / f;
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
        return Kind switch
        {
            ProjectionKind.BrownConrady => new CameraModel(Kind, width, height, Fx * sx, Fy * sy, Cx * sx, Cy * sy,
                MaxTheta, K1, K2, K3, K4, P1, P2),
            ProjectionKind.KannalaBrandt => new CameraModel(Kind, width, height, Fx * sx, Fy * sy, Cx * sx, Cy * sy,
                MaxTheta, K1, K2, K3, K4, P1, P2),
            // Pixel offsets scale by diag(sx, sy): the stretch matrix becomes diag(sx, sy)·S / sy (keeping its
            // unit entry) and the sensor scales by sy, so a_i → a_i·sy^(1−i).
            ProjectionKind.Scaramuzza => Scaramuzza(width, height, Cx * sx, Cy * sy, A0 * sy, A1,
                A2 / sy, A3 / (sy * sy), A4 / (sy * sy * sy), A5 / (sy * sy * sy * sy),
                StretchC * sx / sy, StretchD * sx / sy, StretchE, MaxTheta),
            _ => new CameraModel(Kind, width, height, Fx * sx, Fy * sy, Cx * sx, Cy * sy, MaxTheta),
        };
    }

    /// <summary>
    /// Unit direction, in the camera frame, of the ray through image point (u, v). Returns false (and the direction
    /// anyway) when the ray lies outside the valid cone <see cref="MaxTheta"/>.
    /// </summary>
    public bool Unproject(float u, float v, out Float3 direction)
    {
        if (Kind == ProjectionKind.BrownConrady)
            return BrownConradyLens.Unproject(this, u, v, out direction, out _) && RadiusIsValid(direction);
        if (Kind == ProjectionKind.KannalaBrandt)
            return KannalaBrandtLens.Unproject(this, u, v, out direction, out var angle) && angle <= _validRadius;
        if (Kind == ProjectionKind.Scaramuzza)
            return ScaramuzzaLens.Unproject(this, u, v, out direction, out var sensorRadius) &&
                sensorRadius <= _validRadius;
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
        if (Kind == ProjectionKind.BrownConrady) return BrownConradyLens.Project(this, p, out u, out v);
        if (Kind == ProjectionKind.KannalaBrandt) return KannalaBrandtLens.Project(this, p, out u, out v);
        if (Kind == ProjectionKind.Scaramuzza) return ScaramuzzaLens.Project(this, p, out u, out v);
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

    /// <summary>
    /// Angle (radians) between the optical axis and the ray through image point (u, v): r/f for the equidistant
    /// fisheye, acos of the ray's z otherwise.
    /// </summary>
    public float OffAxisAngle(float u, float v)
    {
        if (Kind == ProjectionKind.EquidistantFisheye)
        {
            var mx = (u - Cx) / Fx;
            var my = (v - Cy) / Fy;
            return MathF.Sqrt(mx * mx + my * my); // equidistant: θ = r/f, as in Unproject
        }
        Unproject(u, v, out var d);
        return MathF.Acos(MathF.Min(1f, d.Z));
    }

    // Brown–Conrady: the undistorted normalised radius tan θ of a unit direction against the valid one.
    private bool RadiusIsValid(Float3 d) =>
        d.Z > 0f && MathF.Sqrt(d.X * d.X + d.Y * d.Y) <= _validRadius * d.Z;

    /// <summary>Valid-cone limit in the model's own radial variable (for the lens inverses).</summary>
    internal float ValidRadius => _validRadius;

    /// <summary>Where the model's polynomial stops being monotonic, in its own radial variable.</summary>
    internal float FoldRadius => _foldRadius;

    /// <inheritdoc />
    public bool Equals(CameraModel other) =>
        Kind == other.Kind && Width == other.Width && Height == other.Height && Fx == other.Fx && Fy == other.Fy &&
        Cx == other.Cx && Cy == other.Cy && MaxTheta == other.MaxTheta && K1 == other.K1 && K2 == other.K2 &&
        K3 == other.K3 && K4 == other.K4 && P1 == other.P1 && P2 == other.P2 && A0 == other.A0 && A1 == other.A1 &&
        A2 == other.A2 && A3 == other.A3 && A4 == other.A4 && A5 == other.A5 && StretchC == other.StretchC &&
        StretchD == other.StretchD && StretchE == other.StretchE;
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CameraModel c && Equals(c);
    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Kind); h.Add(Width); h.Add(Height); h.Add(Fx); h.Add(Fy); h.Add(Cx); h.Add(Cy); h.Add(MaxTheta);
        h.Add(K1); h.Add(K2); h.Add(K3); h.Add(K4); h.Add(P1); h.Add(P2);
        h.Add(A0); h.Add(A1); h.Add(A2); h.Add(A3); h.Add(A4); h.Add(A5); h.Add(StretchC); h.Add(StretchD);
        h.Add(StretchE);
        return h.ToHashCode();
    }
    /// <summary>Exact equality.</summary>
    public static bool operator ==(CameraModel a, CameraModel b) => a.Equals(b);
    /// <summary>Exact inequality.</summary>
    public static bool operator !=(CameraModel a, CameraModel b) => !a.Equals(b);
}
