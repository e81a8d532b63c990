namespace EndoDepth.Geometry;

/// <summary>
/// Scaramuzza's omnidirectional model (Scaramuzza, Martinelli &amp; Siegwart, IROS 2006; OCamCalib's
/// <c>cam2world</c>/<c>world2cam</c>; MATLAB <c>fisheyeIntrinsics</c>), in this library's frame (+X right, +Y down,
/// +Z forward; docs/cameras.md): pixel offset (u − cx, v − cy) = [[c, d], [e, 1]]·(x, y); the ray of sensor point
/// (x, y) is (x, y, f(ρ)), f(ρ) = a0 + a1ρ + … + a5ρ⁵, ρ = √(x² + y²). Unprojection is closed form. Projection solves
/// ρ·cos θ − f(ρ)·sin θ = 0 for ρ in [0, fold] by a bracketed Newton iteration with a fixed cap (OCamCalib's fitted
/// inverse polynomial is an approximation; this is exact to float precision). Kernel code: no allocation, no
/// exception.
/// </summary>
internal static class ScaramuzzaLens
{
    /// <summary>Iterations at most (bisection fallback halves the bracket, so 32 reach float precision).</summary>
    public const int MaxIterations = 40;

    /// <summary>
    /// The unit ray through (u, v); returns whether it lies within the monotonic part of the model
    /// (<paramref name="rho"/>: the sensor radius).
    /// </summary>
    public static bool Unproject(in CameraModel c, float u, float v, out Float3 direction, out float rho)
    {
        var du = u - c.Cx;
        var dv = v - c.Cy;
        var det = c.StretchC - c.StretchD * c.StretchE;
        var x = (du - c.StretchD * dv) / det;
        var y = (c.StretchC * dv - c.StretchE * du) / det;
        rho = MathF.Sqrt(x * x + y * y);
        direction = Float3.Normalize(new Float3(x, y, Polynomial(c, rho)));
        return rho <= c.FoldRadius;
    }

    /// <summary>Projects <paramref name="p"/>; false outside the valid cone (u, v at the fold beyond it).</summary>
    public static bool Project(in CameraModel c, Float3 p, out float u, out float v)
    {
        var r = MathF.Sqrt(p.X * p.X + p.Y * p.Y);
        if (r < 1e-20f)
        {
            u = c.Cx; v = c.Cy;
            return p.Z > 0f;
        }
        var n = MathF.Sqrt(r * r + p.Z * p.Z);
        var sin = r / n;
        var cos = p.Z / n;
        var lo = 0f;
        var hi = c.FoldRadius;
        var inside = cos * hi - sin * Polynomial(c, hi) >= 0f; // h(fold) ≥ 0: the ray meets the model before it folds
        var rho = hi;
        if (inside)
        {
            rho = cos > 0f ? MathF.Min(c.A0 * sin / cos, hi) : 0.5f * hi;
            for (var i = 0; i < MaxIterations; i++)
            {
                var h = cos * rho - sin * Polynomial(c, rho);
                if (h > 0f) hi = rho; else lo = rho;
                var slope = cos - sin * Slope(c, rho);
                var next = rho - h / slope;
                if (!(next > lo && next < hi)) next = 0.5f * (lo + hi);
                var step = MathF.Abs(next - rho);
                rho = next;
                if (step <= 2.5e-7f * rho || hi - lo <= 2.5e-7f * rho) break; // ≈ 2 ulp
            }
        }
        var x = rho * p.X / r;
        var y = rho * p.Y / r;
        u = c.Cx + c.StretchC * x + c.StretchD * y;
        v = c.Cy + c.StretchE * x + y;
        return inside && rho <= c.ValidRadius;
    }

    /// <summary>f(ρ) = a0 + a1ρ + a2ρ² + a3ρ³ + a4ρ⁴ + a5ρ⁵ (Horner).</summary>
    public static float Polynomial(in CameraModel c, float rho) =>
        c.A0 + rho * (c.A1 + rho * (c.A2 + rho * (c.A3 + rho * (c.A4 + rho * c.A5))));

    private static float Slope(in CameraModel c, float rho) =>
        c.A1 + rho * (2f * c.A2 + rho * (3f * c.A3 + rho * (4f * c.A4 + rho * 5f * c.A5)));
}
