namespace EndoDepth.Geometry;

/// <summary>Factories of calibrated real-lens cameras (docs/cameras.md).</summary>
public readonly partial struct CameraModel
{
    /// <summary>
    /// A pinhole camera with Brown–Conrady distortion, OpenCV's five-coefficient model (k1, k2, p1, p2, k3 in OpenCV's
    /// order). The principal point is in this type's convention (pixel centres at +0.5: OpenCV's cx + 0.5).
    /// </summary>
    /// <param name="width">Image width (px).</param>
    /// <param name="height">Image height (px).</param>
    /// <param name="fx">Focal length x (px).</param>
    /// <param name="fy">Focal length y (px).</param>
    /// <param name="cx">Principal point x (px, left edge = 0).</param>
    /// <param name="cy">Principal point y (px, top edge = 0).</param>
    /// <param name="k1">Radial coefficient of r².</param>
    /// <param name="k2">Radial coefficient of r⁴.</param>
    /// <param name="p1">Tangential coefficient p1.</param>
    /// <param name="p2">Tangential coefficient p2.</param>
    /// <param name="k3">Radial coefficient of r⁶.</param>
    /// <param name="maxTheta">Half field of view of the valid cone (radians); null: the cone through the image's
    /// corners, capped at 85°.</param>
    /// <exception cref="ArgumentException">Non-finite coefficients, a bad size or focal length, or a radial polynomial
    /// that stops being monotonic inside the valid cone (inside the image when <paramref name="maxTheta"/> is
    /// null).</exception>
    public static CameraModel BrownConrady(int width, int height, float fx, float fy, float cx, float cy, float k1,
        float k2, float p1, float p2, float k3, float? maxTheta = null)
    {
        RequireFinite(k1, k2, k3, p1, p2);
        return maxTheta is { } m
            ? new CameraModel(ProjectionKind.BrownConrady, width, height, fx, fy, cx, cy, m, k1, k2, k3, 0f, p1, p2)
            : LensLimits.WithImageCone(new CameraModel(ProjectionKind.BrownConrady, width, height, fx, fy, cx, cy,
                LensLimits.ProvisionalCone(ProjectionKind.BrownConrady, k1, k2, k3, 0f), k1, k2, k3, 0f, p1, p2));
    }

    /// <summary>
    /// A Kannala–Brandt fisheye, OpenCV's <c>cv::fisheye</c> model: θd = θ(1 + k1θ² + k2θ⁴ + k3θ⁶ + k4θ⁸),
    /// (u, v) = (cx + fx·θd·x/r, cy + fy·θd·y/r). The principal point is in this type's convention (OpenCV's cx + 0.5).
    /// </summary>
    /// <param name="width">Image width (px).</param>
    /// <param name="height">Image height (px).</param>
    /// <param name="fx">Focal length x (px).</param>
    /// <param name="fy">Focal length y (px).</param>
    /// <param name="cx">Principal point x (px, left edge = 0).</param>
    /// <param name="cy">Principal point y (px, top edge = 0).</param>
    /// <param name="k1">Coefficient of θ³.</param>
    /// <param name="k2">Coefficient of θ⁵.</param>
    /// <param name="k3">Coefficient of θ⁷.</param>
    /// <param name="k4">Coefficient of θ⁹.</param>
    /// <param name="maxTheta">Half field of view of the valid cone (radians); null: the cone through the image's
    /// corners, capped at 85°.</param>
    /// <exception cref="ArgumentException">Non-finite coefficients, a bad size or focal length, or θd(θ) not
    /// monotonic inside the valid cone (inside the image when <paramref name="maxTheta"/> is null).</exception>
    public static CameraModel KannalaBrandt(int width, int height, float fx, float fy, float cx, float cy, float k1,
        float k2, float k3, float k4, float? maxTheta = null)
    {
        RequireFinite(k1, k2, k3, k4, 0f);
        return maxTheta is { } m
            ? new CameraModel(ProjectionKind.KannalaBrandt, width, height, fx, fy, cx, cy, m, k1, k2, k3, k4, 0f, 0f)
            : LensLimits.WithImageCone(new CameraModel(ProjectionKind.KannalaBrandt, width, height, fx, fy, cx, cy,
                LensLimits.ProvisionalCone(ProjectionKind.KannalaBrandt, k1, k2, k3, k4), k1, k2, k3, k4, 0f, 0f));
    }

    /// <summary>
    /// Scaramuzza's omnidirectional camera in this type's frame (MATLAB <c>fisheyeIntrinsics</c> / C3VD convention):
    /// the pixel offset (u − cx, v − cy) = [[c, d], [e, 1]]·(x, y) of sensor point (x, y), whose ray is
    /// (x, y, a0 + a1ρ + … + a5ρ⁵) with ρ = √(x² + y²) and a0 &gt; 0 (+Z forward). <see cref="Fx"/> and
    /// <see cref="Fy"/> hold the focal lengths at the centre, c·a0 and a0.
    /// </summary>
    /// <param name="width">Image width (px).</param>
    /// <param name="height">Image height (px).</param>
    /// <param name="cx">Distortion centre x (px, left edge = 0).</param>
    /// <param name="cy">Distortion centre y (px, top edge = 0).</param>
    /// <param name="a0">Polynomial coefficient a0 (px, positive).</param>
    /// <param name="a1">Polynomial coefficient a1 (OCamCalib and MATLAB fix it at 0).</param>
    /// <param name="a2">Polynomial coefficient a2.</param>
    /// <param name="a3">Polynomial coefficient a3.</param>
    /// <param name="a4">Polynomial coefficient a4.</param>
    /// <param name="a5">Polynomial coefficient a5 (0 for a fourth-order fit).</param>
    /// <param name="c">Stretch matrix entry c.</param>
    /// <param name="d">Stretch matrix entry d.</param>
    /// <param name="e">Stretch matrix entry e.</param>
    /// <param name="maxTheta">Half field of view of the valid cone (radians); null: the cone through the image's
    /// corners, capped at 85°.</param>
    /// <exception cref="ArgumentException">Non-finite coefficients, a0 ≤ 0, a singular or mirroring stretch matrix,
    /// or a ray angle that stops growing with ρ inside the valid cone (inside the image when
    /// <paramref name="maxTheta"/> is null).</exception>
    public static CameraModel Scaramuzza(int width, int height, float cx, float cy, float a0, float a1, float a2,
        float a3, float a4, float a5, float c, float d, float e, float? maxTheta = null)
    {
        RequireFinite(a0, a1, a2, a3, a4);
        RequireFinite(a5, c, d, e, cx);
        RequireFinite(cy, 0f, 0f, 0f, 0f);
        if (!(a0 > 0f)) throw new ArgumentOutOfRangeException(nameof(a0),
            $"a0 must be positive (the ray's z at the centre, +Z forward), got {a0}.");
        if (!(c - d * e > 0f)) throw new ArgumentOutOfRangeException(nameof(c),
            $"The stretch matrix [[c, d], [e, 1]] must have a positive determinant, got {c - d * e}.");
        if (maxTheta is { } m) return new CameraModel(width, height, cx, cy, a0, a1, a2, a3, a4, a5, c, d, e, m);
        var provisional = new CameraModel(width, height, cx, cy, a0, a1, a2, a3, a4, a5, c, d, e, 0f);
        return LensLimits.WithImageCone(provisional);
    }

    // Brown–Conrady and Kannala–Brandt.
    private CameraModel(ProjectionKind kind, int width, int height, float fx, float fy, float cx, float cy,
        float maxTheta, float k1, float k2, float k3, float k4, float p1, float p2)
        : this(kind, width, height, fx, fy, cx, cy, maxTheta)
    {
        K1 = k1; K2 = k2; K3 = k3; K4 = k4; P1 = p1; P2 = p2;
        (_validRadius, _foldRadius) = LensLimits.Radii(this);
    }

    // Scaramuzza; maxTheta 0 makes a provisional camera whose cone is set from the fold (for WithImageCone).
    private CameraModel(int width, int height, float cx, float cy, float a0, float a1, float a2, float a3, float a4,
        float a5, float c, float d, float e, float maxTheta)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width),
            $"Image size must be positive, got {width}×{height}.");
        Kind = ProjectionKind.Scaramuzza; Width = width; Height = height; Cx = cx; Cy = cy;
        Fx = c * a0; Fy = a0;
        A0 = a0; A1 = a1; A2 = a2; A3 = a3; A4 = a4; A5 = a5; StretchC = c; StretchD = d; StretchE = e;
        MaxTheta = maxTheta > 0f ? maxTheta : 1f;
        _foldRadius = LensLimits.ScaramuzzaFold(this, out var foldTheta);
        if (!(maxTheta > 0f)) MaxTheta = (float)Math.Min(foldTheta, LensLimits.MaxConeTheta);
        if (!(MaxTheta > 0f) || MaxTheta > MaxFieldOfViewDegrees / 2 * MathF.PI / 180f + 1e-6f)
            throw new ArgumentOutOfRangeException(nameof(maxTheta),
                $"Half field of view must be in (0, {MaxFieldOfViewDegrees / 2}°].");
        if (MaxTheta > foldTheta + 1e-6)
            throw new ArgumentOutOfRangeException(nameof(maxTheta), LensLimits.FoldMessage(MaxTheta, foldTheta));
        _validRadius = LensLimits.ScaramuzzaRadiusAt(this, MaxTheta, _foldRadius);
    }

    /// <summary>The same camera with another valid cone (radians), checked like the factories check it.</summary>
    internal CameraModel WithMaxTheta(float maxTheta) => Kind switch
    {
        ProjectionKind.Scaramuzza => new CameraModel(Width, Height, Cx, Cy, A0, A1, A2, A3, A4, A5, StretchC,
            StretchD, StretchE, maxTheta),
        ProjectionKind.BrownConrady or ProjectionKind.KannalaBrandt => new CameraModel(Kind, Width, Height, Fx, Fy,
            Cx, Cy, maxTheta, K1, K2, K3, K4, P1, P2),
        _ => new CameraModel(Kind, Width, Height, Fx, Fy, Cx, Cy, maxTheta),
    };

    private static void RequireFinite(float a, float b, float c, float d, float e)
    {
        if (!float.IsFinite(a) || !float.IsFinite(b) || !float.IsFinite(c) || !float.IsFinite(d) ||
            !float.IsFinite(e))
            throw new ArgumentException("Lens coefficients must be finite.");
    }
}
