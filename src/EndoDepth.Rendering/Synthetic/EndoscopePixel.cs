using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// The forward-model kernel body (paper §2.1.1), one call per pixel: camera ray → first surface hit by sphere tracing
/// the signed distance grid (with a bracketed regula-falsi refinement) → shading Σⱼ Iⱼ·cosθⱼ/dⱼ² over the tip's point
/// lights (Lambert + Blinn–Phong lobe), vignetting, gain, noise and gamma. Writes the grey value and the exact z-depth
/// (0 where no surface is hit). Shared by the ILGPU and <c>Parallel.For</c> launchers.
/// </summary>
internal static class EndoscopePixel
{
    /// <summary>
    /// Renders pixels 2·<paramref name="pair"/> and 2·<paramref name="pair"/> + 1 (row-major; the second only when it
    /// exists): their two rays are marched in lockstep (<see cref="TracePair{TGrid}"/>) so that the CPU overlaps the
    /// latency of their independent lookup chains. Results are those of <see cref="Shade{TGrid, TOut}"/> per pixel.
    /// </summary>
    public static void ShadePair<TGrid, TOut>(int pair, in EndoscopeFrameParams f, TGrid grid, TOut image, TOut depth, TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var w = f.Camera.Width;
        var i0 = 2 * pair; var i1 = i0 + 1;
        var has1 = i1 < w * f.Camera.Height;
        int x0 = i0 % w, y0 = i0 / w, x1 = i1 % w, y1 = i1 / w;
        var ok0 = f.Camera.Unproject(x0 + 0.5f, y0 + 0.5f, out var dc0);
        var dc1 = dc0;
        var ok1 = has1 && f.Camera.Unproject(x1 + 0.5f, y1 + 0.5f, out dc1);
        var d0 = f.Pose.RotateToWorld(dc0);
        var d1 = f.Pose.RotateToWorld(dc1);
        var origin = f.Pose.Position;
        var s0 = ok0 && f.BlockSize > 1 ? blockStart.Load(y0 / f.BlockSize * f.BlocksX + x0 / f.BlockSize) : 0f;
        var s1 = ok1 && f.BlockSize > 1 ? blockStart.Load(y1 / f.BlockSize * f.BlocksX + x1 / f.BlockSize) : 0f;
        TracePair(f, grid, origin, d0, s0, ok0, d1, s1, ok1, out var t0, out var t1);
        if (ok0) Finish(i0, x0, y0, dc0, d0, s0, t0, f, grid, image, depth);
        else { image.Store(i0, 0f); depth.Store(i0, 0f); }
        if (has1)
        {
            if (ok1) Finish(i1, x1, y1, dc1, d1, s1, t1, f, grid, image, depth);
            else { image.Store(i1, 0f); depth.Store(i1, 0f); }
        }
    }

    /// <summary>Renders pixel <paramref name="index"/> (row-major).</summary>
    public static void Shade<TGrid, TOut>(int index, in EndoscopeFrameParams f, TGrid grid, TOut image, TOut depth, TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var x = index % f.Camera.Width;
        var y = index / f.Camera.Width;
        if (!f.Camera.Unproject(x + 0.5f, y + 0.5f, out var dc))
        {
            image.Store(index, 0f); depth.Store(index, 0f);
            return;
        }
        var dir = f.Pose.RotateToWorld(dc);
        var origin = f.Pose.Position;
        var start = f.BlockSize > 1 ? blockStart.Load(y / f.BlockSize * f.BlocksX + x / f.BlockSize) : 0f;
        var t = Trace(f, grid, origin, dir, start);
        Finish(index, x, y, dc, dir, start, t, f, grid, image, depth);
    }

    /// <summary>Shades pixel <paramref name="index"/> from its trace result <paramref name="t"/> (retraced from 0 when the cone start failed).</summary>
    private static void Finish<TGrid, TOut>(int index, int x, int y, Float3 dc, Float3 dir, float start, float t,
        in EndoscopeFrameParams f, TGrid grid, TOut image, TOut depth)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var origin = f.Pose.Position;
        if (t < 0f && start > 0f) t = Trace(f, grid, origin, dir, 0f); // the cone's start was not in free space for this ray
        if (t < 0f)
        {
            image.Store(index, 0f); depth.Store(index, 0f);
            return;
        }
        var p = origin + dir * t;
        var n = Float3.Normalize(f.Grid.SurfaceGradient(grid, p)); // ∇f points into the lumen, toward the camera
        var v = -dir;
        var radiance = f.Ambient * f.Albedo;
        if (f.LightCount > 0) radiance += Light(f, p, n, v, f.Light0, f.Intensity0, f.Spot0);
        if (f.LightCount > 1) radiance += Light(f, p, n, v, f.Light1, f.Intensity1, f.Spot1);
        if (f.LightCount > 2) radiance += Light(f, p, n, v, f.Light2, f.Intensity2, f.Spot2);
        if (f.LightCount > 3) radiance += Light(f, p, n, v, f.Light3, f.Intensity3, f.Spot3);
        if (f.Vignetting > 0f)
        {
            var theta = OffAxisAngle(f.Camera, x + 0.5f, y + 0.5f, dc) / f.Camera.MaxTheta;
            radiance *= 1f - f.Vignetting * theta * theta;
        }
        var value = f.Gain * radiance;
        if (f.NoiseSigma > 0f) value += f.NoiseSigma * Gaussian(f.NoiseSeedLo, f.NoiseSeedHi, (uint)index);
        value = MathF.Min(1f, MathF.Max(0f, value));
        if (f.InvGamma != 1f && value > 0f) value = MathF.Pow(value, f.InvGamma);
        image.Store(index, value);
        depth.Store(index, t * dc.Z); // z-depth: distance along the optical axis
    }

    /// <summary>Angle between a pixel's ray and the optical axis: r/f for the equidistant fisheye (no arccosine), else acos(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float OffAxisAngle(in CameraModel c, float u, float v, Float3 dc)
    {
        if (c.Kind == ProjectionKind.Pinhole) return MathF.Acos(MathF.Min(1f, dc.Z));
        var mx = (u - c.Cx) / c.Fx;
        var my = (v - c.Cy) / c.Fy;
        return MathF.Sqrt(mx * mx + my * my); // equidistant: θ = r/f, as in CameraModel.Unproject
    }

    /// <summary>Irradiance I·cosθ/d² (inverse-square law) times Lambert albedo plus a Blinn–Phong lobe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Light(in EndoscopeFrameParams f, Float3 p, Float3 n, Float3 v, Float3 light, float intensity, float spot)
    {
        var l = light - p;
        var d2 = l.LengthSquared;
        var inv = 1f / MathF.Sqrt(d2);
        l *= inv;
        var cos = Float3.Dot(n, l);
        if (cos <= 0f) return 0f;
        var e = intensity / d2;
        if (spot > 0f) e *= MathF.Pow(MathF.Max(0f, -Float3.Dot(l, f.Pose.Forward)), spot);
        var r = f.Albedo * cos;
        if (f.Specular > 0f)
        {
            var h = Float3.Normalize(l + v);
            r += f.Specular * Lobe(MathF.Max(0f, Float3.Dot(n, h)), f.Shininess, f.ShininessInteger);
        }
        return r * e;
    }

    /// <summary>
    /// xˢ of the Blinn–Phong lobe: by repeated squaring when s is a whole number (<paramref name="integer"/> &gt; 0; the
    /// default 40 takes 8 multiplications instead of a <c>MathF.Pow</c>, ~15 % of a frame's time with 2–3 lights).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lobe(float x, float s, int integer)
    {
        if (integer <= 0) return MathF.Pow(x, s);
        var r = 1f;
        for (var e = integer; e > 0; e >>= 1)
        {
            if ((e & 1) != 0) r *= x;
            x *= x;
        }
        return r;
    }

    /// <summary>Two rays of <see cref="Trace{TGrid}"/> at once (results bit-identical); a ray with ok = false gives −1.</summary>
    public static void TracePair<TGrid>(in EndoscopeFrameParams f, TGrid grid, Float3 o, Float3 da, float sa, bool oka,
        Float3 db, float sb, bool okb, out float ra, out float rb) where TGrid : struct, IElementView<float>
    {
        var g = f.Grid;
        ra = -1f; rb = -1f;
        var a = oka & Begin(f, grid, o, da, sa, out var gxa, out var gya, out var gza, out var uxa, out var uya, out var uza, out var ta, out var ea, out var fa);
        var b = okb & Begin(f, grid, o, db, sb, out var gxb, out var gyb, out var gzb, out var uxb, out var uyb, out var uzb, out var tb, out var eb, out var fb);
        var scale = f.StepScale;
        // Lockstep: each ray takes exactly the steps Trace would take; a finished ray just stops advancing.
        float tna = 0f, fna = 1f, tnb = 0f, fnb = 1f;
        var ha = false; var hb = false;
        for (var step = 0; step < f.MaxSteps && (a | b); step++)
        {
            if (a)
            {
                tna = ta + MathF.Max(fa * scale, 0.05f + 0.002f * ta);
                if (tna > ea) a = false;
                else fna = g.SampleAt(grid, gxa + uxa * tna, gya + uya * tna, gza + uza * tna);
            }
            if (b)
            {
                tnb = tb + MathF.Max(fb * scale, 0.05f + 0.002f * tb);
                if (tnb > eb) b = false;
                else fnb = g.SampleAt(grid, gxb + uxb * tnb, gyb + uyb * tnb, gzb + uzb * tnb);
            }
            if (a)
            {
                if (fna <= 0f) { a = false; ha = true; }
                else { ta = tna; fa = fna; }
            }
            if (b)
            {
                if (fnb <= 0f) { b = false; hb = true; }
                else { tb = tnb; fb = fnb; }
            }
        }
        // Both brackets refined in lockstep too (Refine's iterations, per ray).
        float ma = 0f, mb = 0f;
        int sidea = 0, sideb = 0;
        var doneA = false; var doneB = false;
        for (var k = 0; k < 12 && (ha | hb); k++)
        {
            float fma = 0f, fmb = 0f;
            if (ha)
            {
                ma = (ta * fna - tna * fa) / (fna - fa);
                fma = g.SampleAt(grid, gxa + uxa * ma, gya + uya * ma, gza + uza * ma);
            }
            if (hb)
            {
                mb = (tb * fnb - tnb * fb) / (fnb - fb);
                fmb = g.SampleAt(grid, gxb + uxb * mb, gyb + uyb * mb, gzb + uzb * mb);
            }
            if (ha)
            {
                if (MathF.Abs(fma) < 1e-5f) { ra = ma; ha = false; doneA = true; }
                else if (fma > 0f) { ta = ma; fa = fma; if (sidea == 1) fna *= 0.5f; sidea = 1; }
                else { tna = ma; fna = fma; if (sidea == -1) fa *= 0.5f; sidea = -1; }
            }
            if (hb)
            {
                if (MathF.Abs(fmb) < 1e-5f) { rb = mb; hb = false; doneB = true; }
                else if (fmb > 0f) { tb = mb; fb = fmb; if (sideb == 1) fnb *= 0.5f; sideb = 1; }
                else { tnb = mb; fnb = fmb; if (sideb == -1) fb *= 0.5f; sideb = -1; }
            }
        }
        if (ha && !doneA) ra = (ta * fna - tna * fa) / (fna - fa);
        if (hb && !doneB) rb = (tb * fnb - tnb * fb) / (fnb - fb);
    }

    /// <summary>The set-up of <see cref="Trace{TGrid}"/>: false when the ray misses the box or starts inside tissue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Begin<TGrid>(in EndoscopeFrameParams f, TGrid grid, Float3 o, Float3 d, float start,
        out float gx, out float gy, out float gz, out float ux, out float uy, out float uz, out float t, out float t1, out float fv)
        where TGrid : struct, IElementView<float>
    {
        var g = f.Grid;
        var ext = g.Extent;
        var t0 = 0f; t1 = f.MaxDistance;
        var inv = g.InvSpacing;
        gx = (o.X - g.Origin.X) * inv; gy = (o.Y - g.Origin.Y) * inv; gz = (o.Z - g.Origin.Z) * inv;
        ux = d.X * inv; uy = d.Y * inv; uz = d.Z * inv;
        t = 0f; fv = 1f;
        if (!Slab(o.X - g.Origin.X, d.X, ext.X, ref t0, ref t1) || !Slab(o.Y - g.Origin.Y, d.Y, ext.Y, ref t0, ref t1) ||
            !Slab(o.Z - g.Origin.Z, d.Z, ext.Z, ref t0, ref t1))
            return false;
        t = MathF.Max(t0, start);
        if (t > t1) return false;
        fv = g.SampleAt(grid, gx + ux * t, gy + uy * t, gz + uz * t);
        return fv > 0f; // starts inside tissue: no valid depth
    }

    /// <summary>
    /// Distance along the unit ray to the first zero of the field, or −1. Sphere tracing (step = field value, at least a
    /// small minimum) until the field turns negative, then regula falsi (Illinois) on the bracket.
    /// </summary>
    public static float Trace<TGrid>(in EndoscopeFrameParams f, TGrid grid, Float3 o, Float3 d, float start) where TGrid : struct, IElementView<float>
    {
        // Clip the ray to the grid box (slab test).
        var g = f.Grid;
        var ext = g.Extent;
        var t0 = 0f; var t1 = f.MaxDistance;
        if (!Slab(o.X - g.Origin.X, d.X, ext.X, ref t0, ref t1) || !Slab(o.Y - g.Origin.Y, d.Y, ext.Y, ref t0, ref t1) ||
            !Slab(o.Z - g.Origin.Z, d.Z, ext.Z, ref t0, ref t1))
            return -1f;
        var t = MathF.Max(t0, start);
        if (t > t1) return -1f;
        // The ray in grid coordinates (x = gx + ux·t): one multiply-add per axis per lookup.
        var inv = g.InvSpacing;
        float gx = (o.X - g.Origin.X) * inv, gy = (o.Y - g.Origin.Y) * inv, gz = (o.Z - g.Origin.Z) * inv;
        float ux = d.X * inv, uy = d.Y * inv, uz = d.Z * inv;
        var fv = g.SampleAt(grid, gx + ux * t, gy + uy * t, gz + uz * t);
        if (fv <= 0f) return -1f; // starts inside tissue: no valid depth
        // Sphere tracing on the slope-normalised field: a step of f usually lands on or just past the surface, so a
        // ray needs few lookups (over-relaxation, Keinert et al. 2014, and secant steps measured more, not fewer:
        // docs/synthetic.md).
        // The minimum step, 0.05 mm + 0.2 % of t, is a fifth of a pixel's footprint at 140°/256 px (0.95 % of t) and far
        // below any fold or polyp thickness; the regula falsi makes the hit exact whatever the last step was.
        var scale = f.StepScale;
        for (var step = 0; step < f.MaxSteps; step++)
        {
            var tn = t + MathF.Max(fv * scale, 0.05f + 0.002f * t);
            if (tn > t1) return -1f;
            var fn = g.SampleAt(grid, gx + ux * tn, gy + uy * tn, gz + uz * tn);
            if (fn <= 0f) return Refine(g, grid, gx, gy, gz, ux, uy, uz, t, fv, tn, fn);
            t = tn; fv = fn;
        }
        return -1f;
    }

    /// <summary>
    /// Cone pre-pass for block <paramref name="block"/> of BlockSize² pixels: marches a cone around the block's centre
    /// ray that contains all its pixels' rays, each step the largest for which the cone stays inside the free ball of
    /// radius f (δ = (0.9·f − t·tan α)/(1 + tan α)). Every pixel ray of the block is in free space up to the returned
    /// distance, so it can start there: ~5 fewer lookups per pixel.
    /// </summary>
    public static void ConeStart<TGrid, TOut>(int block, in EndoscopeFrameParams f, TGrid grid, TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var bx = block % f.BlocksX; var by = block / f.BlocksX;
        var x0 = bx * f.BlockSize; var y0 = by * f.BlockSize;
        var x1 = MathF.Min(x0 + f.BlockSize, f.Camera.Width); var y1 = MathF.Min(y0 + f.BlockSize, f.Camera.Height);
        f.Camera.Unproject(0.5f * (x0 + x1), 0.5f * (y0 + y1), out var centre);
        f.Camera.Unproject(x0 + 0.5f, y0 + 0.5f, out var c00);
        f.Camera.Unproject(x1 - 0.5f, y0 + 0.5f, out var c10);
        f.Camera.Unproject(x0 + 0.5f, y1 - 0.5f, out var c01);
        f.Camera.Unproject(x1 - 0.5f, y1 - 0.5f, out var c11);
        var cosA = MathF.Min(MathF.Min(Float3.Dot(centre, c00), Float3.Dot(centre, c10)), MathF.Min(Float3.Dot(centre, c01), Float3.Dot(centre, c11)));
        cosA = MathF.Min(cosA, 0.99999f) * 0.9999f; // a hair wider than the corner rays
        var tanA = MathF.Sqrt(MathF.Max(0f, 1f - cosA * cosA)) / cosA;
        var d = f.Pose.RotateToWorld(centre);
        var o = f.Pose.Position;
        var g = f.Grid;
        var t = 0f;
        for (var k = 0; k < 48; k++)
        {
            var fv = 0.9f * f.StepScale * g.Sample(grid, o + d * t);
            var step = (fv - t * tanA) / (1f + tanA);
            if (step < 0.25f || t + step > f.MaxDistance) break;
            t += step;
        }
        blockStart.Store(block, t);
    }

    private static float Refine<TGrid>(in Surfaces.SdfGridShape g, TGrid grid, float gx, float gy, float gz, float ux, float uy, float uz,
        float ta, float fa, float tb, float fb)
        where TGrid : struct, IElementView<float>
    {
        var side = 0;
        for (var k = 0; k < 12; k++)
        {
            var tm = (ta * fb - tb * fa) / (fb - fa);
            var fm = g.SampleAt(grid, gx + ux * tm, gy + uy * tm, gz + uz * tm);
            if (MathF.Abs(fm) < 1e-5f) return tm;
            if (fm > 0f)
            {
                ta = tm; fa = fm;
                if (side == 1) fb *= 0.5f;
                side = 1;
            }
            else
            {
                tb = tm; fb = fm;
                if (side == -1) fa *= 0.5f;
                side = -1;
            }
        }
        return (ta * fb - tb * fa) / (fb - fa);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Slab(float o, float d, float extent, ref float t0, ref float t1)
    {
        if (MathF.Abs(d) < 1e-12f) return o >= 0f && o <= extent;
        var inv = 1f / d;
        var a = -o * inv; var b = (extent - o) * inv;
        if (a > b) { var tmp = a; a = b; b = tmp; }
        t0 = MathF.Max(t0, a); t1 = MathF.Min(t1, b);
        return t0 <= t1;
    }

    /// <summary>A standard normal deviate from a hash of (seed, pixel): independent of scheduling.</summary>
    private static float Gaussian(uint seedLo, uint seedHi, uint index)
    {
        var h1 = Hash(index ^ Hash(seedLo ^ Hash(seedHi)));
        var h2 = Hash(h1 ^ 0x9E3779B9u);
        var u1 = ((h1 >> 8) + 1) * (1f / 16777217f); // (0, 1]
        var u2 = (h2 >> 8) * (1f / 16777216f);
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }

    /// <summary>PCG-style 32-bit integer hash.</summary>
    private static uint Hash(uint v)
    {
        var state = v * 747796405u + 2891336453u;
        var word = ((state >> (int)((state >> 28) + 4u)) ^ state) * 277803737u;
        return (word >> 22) ^ word;
    }
}

/// <summary>The <see cref="IKernelBody"/> that launches <see cref="EndoscopePixel.ShadePair{TGrid, TOut}"/>: one index per two pixels.</summary>
internal struct EndoscopeKernelBody<TGrid, TOut> : IKernelBody
    where TGrid : struct, IElementView<float>
    where TOut : struct, IElementView<float>
{
    public EndoscopeFrameParams Frame;
    public TGrid Grid;
    public TOut Image;
    public TOut Depth;

    public TOut BlockStart;

    public readonly void Execute(int index) => EndoscopePixel.ShadePair(index, Frame, Grid, Image, Depth, BlockStart);
}

/// <summary>The <see cref="IKernelBody"/> of the cone pre-pass (<see cref="EndoscopePixel.ConeStart{TGrid, TOut}"/>), one thread per block.</summary>
internal struct EndoscopeConeBody<TGrid, TOut> : IKernelBody
    where TGrid : struct, IElementView<float>
    where TOut : struct, IElementView<float>
{
    public EndoscopeFrameParams Frame;
    public TGrid Grid;
    public TOut BlockStart;

    public readonly void Execute(int index) => EndoscopePixel.ConeStart(index, Frame, Grid, BlockStart);
}
