namespace EndoDepth.Geometry;

/// <summary>
/// The Kannala–Brandt fisheye as OpenCV's <c>cv::fisheye</c> applies it (Kannala &amp; Brandt, IEEE TPAMI 28(8),
/// 2006; OpenCV fisheye documentation): θ = atan2(r, z), θd = θ(1 + k1θ² + k2θ⁴ + k3θ⁶ + k4θ⁸),
/// (u, v) = (cx + fx·θd·x/r, cy + fy·θd·y/r). Projection is closed form; the inverse solves θd(θ) = ‖m‖ by a bracketed
/// Newton iteration over [0, fold] with a fixed cap. Kernel code: no allocation, no exception.
/// </summary>
internal static class KannalaBrandtLens
{
    /// <summary>Iterations at most (bisection fallback halves the bracket, so 24 reach float precision).</summary>
    public const int MaxIterations = 32;

    /// <summary>Projects <paramref name="p"/>; false outside the valid cone.</summary>
    public static bool Project(in CameraModel c, Float3 p, out float u, out float v)
    {
        var r = MathF.Sqrt(p.X * p.X + p.Y * p.Y);
        if (r < 1e-20f)
        {
            u = c.Cx; v = c.Cy;
            return p.Z > 0f;
        }
        var theta = MathF.Atan2(r, p.Z);
        var thetaD = ThetaD(c, theta);
        u = c.Cx + c.Fx * thetaD * p.X / r;
        v = c.Cy + c.Fy * thetaD * p.Y / r;
        return theta <= c.ValidRadius;
    }

    /// <summary>
    /// The unit ray through (u, v); returns whether θd lies within the monotonic part of the polynomial
    /// (<paramref name="theta"/>: the ray's angle to the axis).
    /// </summary>
    public static bool Unproject(in CameraModel c, float u, float v, out Float3 direction, out float theta)
    {
        var mx = (u - c.Cx) / c.Fx;
        var my = (v - c.Cy) / c.Fy;
        var thetaD = MathF.Sqrt(mx * mx + my * my);
        if (thetaD < 1e-12f)
        {
            direction = Float3.UnitZ;
            theta = 0f;
            return true;
        }
        var hi = c.FoldRadius;
        var inside = thetaD <= ThetaD(c, hi);
        theta = hi;
        if (inside)
        {
            var lo = 0f;
            theta = MathF.Min(thetaD, hi);
            for (var i = 0; i < MaxIterations; i++)
            {
                var g = ThetaD(c, theta) - thetaD;
                if (g > 0f) hi = theta; else lo = theta;
                var t2 = theta * theta;
                var slope = 1f + t2 * (3f * c.K1 + t2 * (5f * c.K2 + t2 * (7f * c.K3 + t2 * 9f * c.K4)));
                var next = theta - g / slope;
                if (!(next > lo && next < hi)) next = 0.5f * (lo + hi);
                var step = MathF.Abs(next - theta);
                theta = next;
                if (step <= 2.5e-7f * theta || hi - lo <= 2.5e-7f * theta) break; // ≈ 2 ulp
            }
        }
        var s = MathF.Sin(theta) / thetaD;
        direction = new Float3(mx * s, my * s, MathF.Cos(theta));
        return inside;
    }

    /// <summary>θd = θ(1 + k1θ² + k2θ⁴ + k3θ⁶ + k4θ⁸).</summary>
    public static float ThetaD(in CameraModel c, float theta)
    {
        var t2 = theta * theta;
        return theta * (1f + t2 * (c.K1 + t2 * (c.K2 + t2 * (c.K3 + t2 * c.K4))));
    }
}
