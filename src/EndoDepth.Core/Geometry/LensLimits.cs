namespace EndoDepth.Geometry;

/// <summary>
/// Host-side checks of a lens polynomial, run once when a camera is made: where it stops being monotonic (the fold),
/// the valid cone in the model's own radial variable, and the cone through the image's corners. The kernels' inverses
/// never search past the fold, so a pixel has at most one ray and a ray at most one pixel.
/// </summary>
internal static class LensLimits
{
    /// <summary>The widest valid cone: half of <see cref="CameraModel.MaxFieldOfViewDegrees"/> (radians).</summary>
    public static readonly double MaxConeTheta = CameraModel.MaxFieldOfViewDegrees / 2 * Math.PI / 180.0;

    private const int ScanSteps = 20000;

    /// <summary>Message for a cone that reaches past the fold.</summary>
    public static string FoldMessage(double maxTheta, double foldTheta) =>
        "The lens polynomial stops being monotonic at θ = " + Degrees(foldTheta) + "°, inside the valid cone of " +
        Degrees(maxTheta) + "°: the model would fold there.";

    private static string Degrees(double radians) =>
        (radians * 180 / Math.PI).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Brown–Conrady or Kannala–Brandt: (valid radius, fold radius) in the model's variable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The valid cone reaches past the fold.</exception>
    public static (float Valid, float Fold) Radii(in CameraModel c)
    {
        var foldTheta = FoldTheta(c.Kind, c.K1, c.K2, c.K3, c.K4);
        if (c.MaxTheta > foldTheta + 1e-6)
            throw new ArgumentException(FoldMessage(c.MaxTheta, foldTheta));
        return c.Kind == ProjectionKind.BrownConrady
            ? ((float)Math.Tan(c.MaxTheta), (float)Math.Tan(Math.Min(foldTheta, Math.PI / 2 - 1e-4)))
            : (c.MaxTheta, (float)foldTheta);
    }

    /// <summary>The widest cone a provisional camera may have: the fold, capped at 85°.</summary>
    public static float ProvisionalCone(ProjectionKind kind, float k1, float k2, float k3, float k4) =>
        (float)Math.Min(FoldTheta(kind, k1, k2, k3, k4), MaxConeTheta) * (1f - 1e-6f);

    /// <summary>
    /// Angle where Brown–Conrady's radial map r·(1 + k1r² + k2r⁴ + k3r⁶) (r = tan θ) or Kannala–Brandt's
    /// θ(1 + k1θ² + … + k4θ⁸) first stops increasing (π/2 or π when it never does).
    /// </summary>
    public static double FoldTheta(ProjectionKind kind, double k1, double k2, double k3, double k4)
    {
        var top = kind == ProjectionKind.BrownConrady ? Math.PI / 2 : Math.PI;
        var previous = 0.0;
        for (var i = 1; i <= ScanSteps; i++)
        {
            var theta = top * i / ScanSteps;
            var r = kind == ProjectionKind.BrownConrady ? Math.Tan(Math.Min(theta, top - 1e-6)) : theta;
            var r2 = r * r;
            var slope = kind == ProjectionKind.BrownConrady
                ? 1 + r2 * (3 * k1 + r2 * (5 * k2 + r2 * 7 * k3))
                : 1 + r2 * (3 * k1 + r2 * (5 * k2 + r2 * (7 * k3 + r2 * 9 * k4)));
            if (!(slope > 0)) return previous;
            previous = theta;
        }
        return top;
    }

    /// <summary>
    /// Scaramuzza: the sensor radius ρ where the ray angle θ(ρ) = atan2(ρ, f(ρ)) stops growing (f − ρf' ≤ 0), or where
    /// θ reaches 179°, scanning out to four image diagonals; <paramref name="foldTheta"/> is θ there.
    /// </summary>
    public static float ScaramuzzaFold(in CameraModel c, out double foldTheta)
    {
        var reach = 4.0 * Math.Sqrt((double)c.Width * c.Width + (double)c.Height * c.Height);
        var previous = 0.0;
        foldTheta = 0;
        for (var i = 1; i <= ScanSteps; i++)
        {
            var rho = reach * i / ScanSteps;
            var f = Polynomial(c, rho);
            var slope = f - rho * PolynomialSlope(c, rho);
            var theta = Math.Atan2(rho, f);
            if (!(slope > 0) || theta > 179 * Math.PI / 180) break;
            previous = rho;
            foldTheta = theta;
        }
        return (float)previous;
    }

    /// <summary>Scaramuzza: the sensor radius whose ray makes angle <paramref name="theta"/> (bisection).</summary>
    public static float ScaramuzzaRadiusAt(in CameraModel c, double theta, float foldRadius)
    {
        double lo = 0, hi = foldRadius;
        for (var i = 0; i < 100; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Math.Atan2(mid, Polynomial(c, mid)) < theta) lo = mid; else hi = mid;
        }
        return (float)hi;
    }

    /// <summary>
    /// The camera with its valid cone set to pass through the image's corners (×1.0001, like
    /// <see cref="CameraModel.Create"/>), capped at 85° and at the fold.
    /// </summary>
    /// <exception cref="ArgumentException">Part of the image lies beyond the fold: the model is not invertible over
    /// the image.</exception>
    public static CameraModel WithImageCone(CameraModel provisional)
    {
        var w = provisional.Width; var h = provisional.Height;
        var widest = 0.0;
        ReadOnlySpan<(float U, float V)> boundary =
            [(0, 0), (w, 0), (0, h), (w, h), (w / 2f, 0), (w / 2f, h), (0, h / 2f), (w, h / 2f)];
        foreach (var (u, v) in boundary)
        {
            if (!InvertibleAt(provisional, u, v, out var theta))
                throw new ArgumentException("The lens model is not invertible over the image: image point (" +
                    u.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", " +
                    v.ToString(System.Globalization.CultureInfo.InvariantCulture) + ") lies beyond the radius where " +
                    "its polynomial stops being monotonic. Give a smaller valid cone (max_theta_deg).");
            widest = Math.Max(widest, theta);
        }
        var fold = provisional.Kind == ProjectionKind.Scaramuzza
            ? Math.Atan2(provisional.FoldRadius, Polynomial(provisional, provisional.FoldRadius))
            : FoldTheta(provisional.Kind, provisional.K1, provisional.K2, provisional.K3, provisional.K4);
        var cone = Math.Min(Math.Min(widest * 1.0001, MaxConeTheta), fold * (1 - 1e-6));
        return provisional.WithMaxTheta((float)cone);
    }

    private static bool InvertibleAt(in CameraModel c, float u, float v, out double theta)
    {
        bool invertible;
        Float3 d;
        switch (c.Kind)
        {
            case ProjectionKind.BrownConrady:
                invertible = BrownConradyLens.Unproject(c, u, v, out d, out _);
                break;
            case ProjectionKind.KannalaBrandt:
                invertible = KannalaBrandtLens.Unproject(c, u, v, out d, out _);
                break;
            default:
                invertible = ScaramuzzaLens.Unproject(c, u, v, out d, out var rho) && rho <= c.FoldRadius;
                break;
        }
        theta = Math.Acos(Math.Clamp(d.Z / Math.Sqrt((double)d.X * d.X + (double)d.Y * d.Y + (double)d.Z * d.Z),
            -1, 1));
        return invertible;
    }

    private static double Polynomial(in CameraModel c, double rho) =>
        c.A0 + rho * (c.A1 + rho * (c.A2 + rho * (c.A3 + rho * (c.A4 + rho * (double)c.A5))));

    private static double PolynomialSlope(in CameraModel c, double rho) =>
        c.A1 + rho * (2.0 * c.A2 + rho * (3.0 * c.A3 + rho * (4.0 * c.A4 + rho * 5.0 * c.A5)));
}
