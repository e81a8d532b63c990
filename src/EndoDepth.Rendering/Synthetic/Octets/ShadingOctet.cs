using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Rendering.Synthetic.Kernel;

namespace EndoDepth.Rendering.Synthetic.Octets;

/// <summary>
/// The shading pass of the forward model for eight consecutive pixels at once in AVX2 lanes: the surface normal from
/// three gathered trilinear lookups and the sum over the tip's lights of I·cosθ/d² × (Lambert + Blinn–Phong), the
/// same
/// operations in the same order as <see cref="EndoscopePixel.ShadeTraced{TGrid, TOut}"/>, then the sensor — gain,
/// Gaussian noise (<see cref="SensorNoise"/>), clamp, display gamma (<see cref="DisplayGamma"/>) — in lanes too.
/// Bit-identical to the scalar pass (tested). CPU only.
/// </summary>
internal static unsafe class ShadingOctet
{
    /// <summary>
    /// Shades the pixels [<paramref name="first"/>, <paramref name="end"/>) from the hit distances parked in
    /// <paramref name="depth"/> (groups of eight; the rest by the scalar pass).
    /// </summary>
    public static void Shade(int first, int end, in EndoscopeFrameParams f, float* grid,
        UncheckedHostView<float> gridView,
        float* table, float* imagePixels, float* depthPixels, HostView<float> rays, HostView<float> image,
            HostView<float> depth,
        HostView<float> blockStart)
    {
        var index = first;
        for (; index + 8 <= end; index += 8) ShadeEight(index, f, grid, gridView, table, imagePixels, depthPixels,
            blockStart);
        if (index < end) EndoscopePixel.ShadeTraced(index, end, f, gridView, rays, image, depth, blockStart);
    }

    /// <summary>Shades pixels <paramref name="first"/> … <paramref name="first"/> + 7: <see cref="EndoscopePixel"/>'s
    /// Finish in lanes.</summary>
    private static void ShadeEight(int first, in EndoscopeFrameParams f, float* grid, UncheckedHostView<float> gridView,
        float* table, float* image, float* depth, HostView<float> blockStart)
    {
        var rays = PixelOctet.Of(first, 8, f, table, blockStart);
        var t = Hits(first, rays, f, gridView, depth);
        var origin = f.Pose.Position;
        var px = Vector256.Create(origin.X) + rays.Wx * t; // p = o + d·t
        var py = Vector256.Create(origin.Y) + rays.Wy * t;
        var pz = Vector256.Create(origin.Z) + rays.Wz * t;
        Normal(f.Grid, grid, px, py, pz, out var nx, out var ny, out var nz);
        var vx = -rays.Wx; var vy = -rays.Wy; var vz = -rays.Wz;
        var nv = nx * vx + ny * vy + nz * vz;
        var radiance = Vector256.Create(f.Ambient * f.Albedo);
        for (var j = 0; j < f.LightCount; j++) // Σⱼ over the tip's lights
            radiance += Light(f, j, px, py, pz, nx, ny, nz, vx, vy, vz, nv);
        if (f.Vignetting > 0f)
        {
            var o = rays.OffAxis;
            radiance *= Vector256<float>.One - Vector256.Create(f.Vignetting) * o * o; // off = θ/θmax
        }
        var value = Sensor(first, radiance, f);
        // No hit: black and no depth; else z-depth = t·d_z (distance along the optical axis).
        var miss = Avx.CompareLessThan(t, Vector256<float>.Zero);
        Vector256.ConditionalSelect(miss, Vector256<float>.Zero, value).Store(image + first);
        Vector256.ConditionalSelect(miss, Vector256<float>.Zero, t * rays.Cz).Store(depth + first);
    }

    /// <summary>The eight hit distances parked by the tracing pass, retraced from the lens where the cone's start was
    /// not in free space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Hits(int first, in PixelOctet rays, in EndoscopeFrameParams f,
        UncheckedHostView<float> gridView, float* depth)
    {
        var t = Vector256.Load(depth + first);
        var retrace = (uint)(Avx.CompareLessThan(t,
            Vector256<float>.Zero) & Avx.CompareGreaterThan(EightFloats.Load(rays.Start), Vector256<float>.Zero))
            .ExtractMostSignificantBits();
        if (retrace == 0) return t;
        EightFloats hits = default;
        EightFloats.Store(t, ref hits);
        for (; retrace != 0; retrace &= retrace - 1)
        {
            var k = System.Numerics.BitOperations.TrailingZeroCount(retrace);
            var d = new Float3(rays.Wx.GetElement(k), rays.Wy.GetElement(k), rays.Wz.GetElement(k));
            hits[k] = MarchingRay.Trace(f, gridView, f.Pose.Position, d, 0f);
        }
        return EightFloats.Load(hits);
    }

    /// <summary>
    /// The unit normal ∇f/|∇f| at the hits by forward differences, h = ½ spacing
    /// (<see cref="SdfGridShape.SurfaceGradient{TView}"/>,
    /// then <see cref="Float3.Normalize"/>, which keeps a zero vector).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Normal(in SdfGridShape g, float* grid, Vector256<float> px, Vector256<float> py,
        Vector256<float> pz,
        out Vector256<float> nx, out Vector256<float> ny, out Vector256<float> nz)
    {
        var inv = Vector256.Create(g.InvSpacing);
        var gx = (px - Vector256.Create(g.Origin.X)) * inv;
        var gy = (py - Vector256.Create(g.Origin.Y)) * inv;
        var gz = (pz - Vector256.Create(g.Origin.Z)) * inv;
        var half = Vector256.Create(0.5f);
        nx = RayOctet.Sample(g, grid, gx + half, gy, gz);
        ny = RayOctet.Sample(g, grid, gx, gy + half, gz);
        nz = RayOctet.Sample(g, grid, gx, gy, gz + half);
        var l2 = nx * nx + ny * ny + nz * nz;
        var r = Vector256<float>.One / Vector256.Sqrt(l2);
        var positive = Avx.CompareNotLessThanOrEqual(l2, Vector256<float>.Zero);
        nx = Vector256.ConditionalSelect(positive, nx * r, nx);
        ny = Vector256.ConditionalSelect(positive, ny * r, ny);
        nz = Vector256.ConditionalSelect(positive, nz * r, nz);
    }

    /// <summary>Light <paramref name="j"/>'s I·cosθ/d² × (Lambert + Blinn–Phong) in lanes (EndoscopePixel.Light;
    /// 0 where cosθ ≤ 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Light(in EndoscopeFrameParams f, int j, Vector256<float> px, Vector256<float> py,
        Vector256<float> pz,
        Vector256<float> nx, Vector256<float> ny, Vector256<float> nz, Vector256<float> vx, Vector256<float> vy,
            Vector256<float> vz, Vector256<float> nv)
    {
        f.Light(j, out var light, out var intensity, out var spot);
        var lx = Vector256.Create(light.X) - px;
        var ly = Vector256.Create(light.Y) - py;
        var lz = Vector256.Create(light.Z) - pz;
        var inv = Vector256<float>.One / Vector256.Sqrt(lx * lx + ly * ly + lz * lz); // 1/d
        lx *= inv; ly *= inv; lz *= inv;
        var cos = nx * lx + ny * ly + nz * lz;
        var e = Vector256.Create(intensity) * inv * inv; // I/d²
        if (spot > 0f) e *= SpotFalloff(lx, ly, lz, f.Pose.Forward, spot);
        var lit = Vector256.Create(f.Albedo) * cos;
        var s = cos + nv;
        if (f.Specular > 0f)
        {
            // (n·h)² = (n·l + n·v)² / (2 + 2·l·v), as the scalar Light.
            var lv = lx * vx + ly * vy + lz * vz;
            var nh2 = s * s / Avx.Max(Vector256.Create(2f) + Vector256.Create(2f) * lv, Vector256.Create(1e-12f));
            var withLobe = lit + Vector256.Create(f.Specular) * Lobe(nh2, f.Shininess, f.ShininessInteger);
            lit = Vector256.ConditionalSelect(Avx.CompareGreaterThan(s, Vector256<float>.Zero), withLobe, lit);
        }
        return Vector256.ConditionalSelect(Avx.CompareLessThanOrEqual(cos, Vector256<float>.Zero),
            Vector256<float>.Zero, lit * e);
    }

    /// <summary><see cref="EndoscopePixel.Sensor"/> and the display gamma in lanes: gain, Gaussian noise, clamp to [0,
    /// 1], x^(1/γ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sensor(int first, Vector256<float> radiance, in EndoscopeFrameParams f)
    {
        var value = Vector256.Create(f.Gain) * radiance;
        if (f.NoiseSigma > 0f) value += Vector256.Create(f.NoiseSigma) * SensorNoise.Gaussian(f.NoiseKey, first);
        value = PixelOctet.Min(Vector256<float>.One, PixelOctet.Max(Vector256<float>.Zero, value));
        if (f.InvGamma == 1f) return value;
        return Vector256.ConditionalSelect(Avx.CompareGreaterThan(value, Vector256<float>.Zero),
            DisplayGamma.Encode(value, f.InvGamma), value);
    }

    /// <summary>The spot lobe cosᵏ of the angle to the optical axis, per lane (<c>MathF.Pow</c>, as the scalar
    /// code).</summary>
    private static Vector256<float> SpotFalloff(Vector256<float> lx, Vector256<float> ly, Vector256<float> lz,
        Float3 forward, float spot)
    {
        EightFloats c = default;
        EightFloats.Store(lx * Vector256.Create(forward.X) + ly * Vector256.Create(forward.Y)
            + lz * Vector256.Create(forward.Z), ref c);
        for (var k = 0; k < 8; k++) c[k] = MathF.Pow(MathF.Max(0f, -c[k]), spot);
        return EightFloats.Load(c);
    }

    /// <summary>(n·h)ˢ from (n·h)² as the scalar lobe: repeated squaring for an even whole s, else <c>MathF.Pow</c>
    /// per lane.</summary>
    private static Vector256<float> Lobe(Vector256<float> nh2, float s, int integer)
    {
        if (integer <= 0 || (integer & 1) != 0)
        {
            EightFloats x = default;
            EightFloats.Store(nh2, ref x);
            for (var k = 0; k < 8; k++) x[k] = MathF.Pow(x[k], 0.5f * s);
            return EightFloats.Load(x);
        }
        var r = Vector256<float>.One;
        var p = nh2;
        for (var e = integer >> 1; e > 0; e >>= 1)
        {
            if ((e & 1) != 0) r *= p;
            p *= p;
        }
        return r;
    }
}
