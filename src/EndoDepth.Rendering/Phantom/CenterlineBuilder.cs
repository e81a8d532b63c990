using EndoDepth.Geometry;
using EndoDepth.Randomness;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// Draws a smooth 3-D centerline: the tangent is integrated from a curvature vector given in the rotation-minimising
/// frame (a sum of slow random sinusoids plus sin²-windowed flexures), clamped to the minimum bend radius. Candidates
/// whose distant parts come too close (the lumen would touch itself) are redrawn.
/// </summary>
internal static class CenterlineBuilder
{
    private const int MaxAttempts = 24;

    public static Centerline Build(ColonPhantomSettings s, ref SplitMix64 rng)
    {
        var n = Math.Max(2, (int)MathF.Round(s.LengthMm / s.CenterlineStepMm) + 1);
        var radii = DrawRadii(s, n, ref rng);
        for (var attempt = 0; ; attempt++)
        {
            var flexures = attempt < MaxAttempts / 2 ? s.FlexureCount : attempt < MaxAttempts
                ? Math.Max(0, s.FlexureCount - 1) : 0;
            var bend = attempt < MaxAttempts ? s.BendCurvature : 0f;
            var line = Integrate(s, n, radii, bend, flexures, ref rng);
            if (HasClearance(line, s.WallThicknessMm)) return line;
        }
    }

    private static float[] DrawRadii(ColonPhantomSettings s, int n, ref SplitMix64 rng)
    {
        var mid = 0.5f * (s.RadiusMm.Min + s.RadiusMm.Max);
        var half = 0.5f * (s.RadiusMm.Max - s.RadiusMm.Min);
        Span<float> w = stackalloc float[3]; Span<float> k = stackalloc float[3]; Span<float> ph = stackalloc float[3];
        var sum = 0f;
        for (var j = 0; j < 3; j++)
        {
            w[j] = rng.Uniform(0.2f, 1f); sum += w[j];
            k[j] = 2 * MathF.PI / (s.RadiusWavelengthMm * rng.Uniform(0.6f, 1.6f));
            ph[j] = rng.Uniform(0, 2 * MathF.PI);
        }
        var r = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t = i * s.CenterlineStepMm; var v = 0f;
            for (var j = 0; j < 3; j++) v += w[j] / sum * MathF.Sin(k[j] * t + ph[j]);
            r[i] = mid + half * Math.Clamp(v * 1.4f, -1f, 1f);
        }
        return r;
    }

    private static Centerline Integrate(ColonPhantomSettings s, int n, float[] radii, float bend, int flexureCount,
        ref SplitMix64 rng)
    {
        var ds = s.CenterlineStepMm;
        var length = (n - 1) * ds;
        // Background curvature: three slow sinusoids per frame axis, scaled to an RMS of `bend`.
        var terms = new (float A, float K, float Phase)[6];
        for (var j = 0; j < 6; j++)
            terms[j] = (rng.Gaussian() * bend * 0.6f, 2 * MathF.PI / rng.Uniform(60f, 220f),
                rng.Uniform(0, 2 * MathF.PI));
        var kMax = 1f / s.MinBendRadiusMm;
        var flex = new (float S, float Width, float Peak, float Dir)[flexureCount];
        for (var f = 0; f < flexureCount; f++)
        {
            var angle = rng.Uniform(s.FlexureAngleDegrees.Min, s.FlexureAngleDegrees.Max) * MathF.PI / 180f;
            // peak curvature 2·angle/width ≤ 1/MinBendRadius
            var width = MathF.Max(2f * angle * s.MinBendRadiusMm * 1.05f, 20f);
            flex[f] = (rng.Uniform(0.2f, 0.8f) * length, width, 2f * angle / width, rng.Uniform(0, 2 * MathF.PI));
        }

        var p = new Float3[n]; var t = new Float3[n]; var nn = new Float3[n]; var b = new Float3[n];
        p[0] = Float3.Zero; t[0] = Float3.UnitZ; nn[0] = Float3.UnitX; b[0] = Float3.Cross(t[0], nn[0]);
        for (var i = 1; i < n; i++)
        {
            var sm = (i - 0.5f) * ds;
            float kx = 0, ky = 0;
            for (var j = 0; j < 3; j++) kx += terms[j].A * MathF.Sin(terms[j].K * sm + terms[j].Phase);
            for (var j = 3; j < 6; j++) ky += terms[j].A * MathF.Sin(terms[j].K * sm + terms[j].Phase);
            foreach (var f in flex)
            {
                var u = (sm - f.S) / f.Width + 0.5f;
                if (u is <= 0f or >= 1f) continue;
                var sn = MathF.Sin(MathF.PI * u);
                var k = f.Peak * sn * sn; // sin² window: integral over the width = the flexure angle
                kx += k * MathF.Cos(f.Dir); ky += k * MathF.Sin(f.Dir);
            }
            var km = MathF.Sqrt(kx * kx + ky * ky);
            if (km > kMax) { kx *= kMax / km; ky *= kMax / km; }
            // dT/ds = κ (in the normal plane); midpoint step, then renormalise and transport the frame.
            var dir = Float3.Normalize(t[i - 1] + (nn[i - 1] * kx + b[i - 1] * ky) * ds);
            p[i] = p[i - 1] + Float3.Normalize(t[i - 1] + dir) * ds;
            t[i] = dir;
            var ni = nn[i - 1] - dir * Float3.Dot(nn[i - 1], dir); // rotation-minimising frame (projection)
            nn[i] = Float3.Normalize(ni);
            b[i] = Float3.Cross(dir, nn[i]);
        }
        return new Centerline(p, t, nn, b, (float[])radii.Clone(), ds);
    }

    /// <summary>True when samples far apart along the line are far apart in space (the lumen never touches
    /// itself).</summary>
    private static bool HasClearance(Centerline c, float wall)
    {
        var p = c.PointArray; var r = c.RadiusArray;
        var stride = Math.Max(1, (int)(2f / c.StepMm));
        for (var i = 0; i < p.Length; i += stride)
            for (var j = i + stride; j < p.Length; j += stride)
            {
                var need = r[i] + r[j] + 2 * wall + 6f;
                if ((j - i) * c.StepMm < 1.6f * need) continue;
                if ((p[i] - p[j]).LengthSquared < need * need) return false;
            }
        return true;
    }
}
