namespace EndoDepth.Geometry;

/// <summary>
/// Brown–Conrady distortion as OpenCV's <c>cv::projectPoints</c> applies it (five coefficients; OpenCV calib3d
/// documentation, "Detailed description"): x' = X/Z, y' = Y/Z, r² = x'² + y'²,
/// x'' = x'(1 + k1r² + k2r⁴ + k3r⁶) + 2p1x'y' + p2(r² + 2x'²), y'' = y'(1 + k1r² + k2r⁴ + k3r⁶) + p1(r² + 2y'²) +
/// 2p2x'y', (u, v) = (fx·x'' + cx, fy·y'' + cy). The inverse has no closed form: a bounded 2-D Newton iteration
/// kept inside the fold radius. Kernel code: no allocation, no exception, a fixed iteration cap.
/// </summary>
internal static class BrownConradyLens
{
    /// <summary>Newton iterations at most (quadratic convergence reaches float precision in 3–6).</summary>
    public const int MaxIterations = 24;

    /// <summary>Largest reprojection residual (px) for which an inverse counts as converged.</summary>
    public const float ResidualPixels = 2e-3f;

    /// <summary>Projects <paramref name="p"/>; false behind the camera or outside the valid cone.</summary>
    public static bool Project(in CameraModel c, Float3 p, out float u, out float v)
    {
        if (!(p.Z > 0f)) { u = v = float.NaN; return false; }
        var x = p.X / p.Z;
        var y = p.Y / p.Z;
        Distort(c, x, y, out var xd, out var yd);
        u = c.Cx + c.Fx * xd;
        v = c.Cy + c.Fy * yd;
        return x * x + y * y <= c.ValidRadius * c.ValidRadius;
    }

    /// <summary>
    /// The unit ray through (u, v); returns whether the iteration converged inside the fold radius
    /// (<paramref name="radius"/>: the undistorted normalised radius r = tan θ).
    /// </summary>
    public static bool Unproject(in CameraModel c, float u, float v, out Float3 direction, out float radius)
    {
        var xd = (u - c.Cx) / c.Fx;
        var yd = (v - c.Cy) / c.Fy;
        var x = xd;
        var y = yd;
        var fold = c.FoldRadius;
        var ok = true;
        for (var i = 0; i < MaxIterations; i++)
        {
            var r2 = x * x + y * y;
            var radial = 1f + r2 * (c.K1 + r2 * (c.K2 + r2 * c.K3));
            var dRadial = 2f * (c.K1 + r2 * (2f * c.K2 + r2 * 3f * c.K3)); // ∂radial/∂x = x·dRadial
            var fxr = x * radial + 2f * c.P1 * x * y + c.P2 * (r2 + 2f * x * x) - xd;
            var fyr = y * radial + c.P1 * (r2 + 2f * y * y) + 2f * c.P2 * x * y - yd;
            var j11 = radial + x * x * dRadial + 2f * c.P1 * y + 6f * c.P2 * x;
            var j12 = x * y * dRadial + 2f * c.P1 * x + 2f * c.P2 * y;
            var j22 = radial + y * y * dRadial + 6f * c.P1 * y + 2f * c.P2 * x;
            var det = j11 * j22 - j12 * j12; // the Jacobian is symmetric
            if (!(det > 0f)) { ok = false; break; }
            var dx = (j22 * fxr - j12 * fyr) / det;
            var dy = (j11 * fyr - j12 * fxr) / det;
            x -= dx;
            y -= dy;
            var r = MathF.Sqrt(x * x + y * y);
            if (r > fold) { x *= fold / r; y *= fold / r; }
            if (MathF.Abs(dx) + MathF.Abs(dy) <= 2.5e-7f * r) break; // ≈ 2 ulp
        }
        Distort(c, x, y, out var cx, out var cy);
        var residual = MathF.Max(MathF.Abs(cx - xd) * c.Fx, MathF.Abs(cy - yd) * c.Fy);
        ok = ok && residual <= ResidualPixels && float.IsFinite(x) && float.IsFinite(y);
        if (!float.IsFinite(x) || !float.IsFinite(y)) { x = xd; y = yd; }
        radius = MathF.Sqrt(x * x + y * y);
        direction = Float3.Normalize(new Float3(x, y, 1f));
        return ok;
    }

    /// <summary>The distorted normalised point (x'', y'') of the undistorted one (x', y').</summary>
    public static void Distort(in CameraModel c, float x, float y, out float xd, out float yd)
    {
        var r2 = x * x + y * y;
        var radial = 1f + r2 * (c.K1 + r2 * (c.K2 + r2 * c.K3));
        xd = x * radial + 2f * c.P1 * x * y + c.P2 * (r2 + 2f * x * x);
        yd = y * radial + c.P1 * (r2 + 2f * y * y) + 2f * c.P2 * x * y;
    }
}
