using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Synthetic.Kernel;

namespace EndoDepth.Rendering.Synthetic.Octets;

/// <summary>
/// <see cref="PixelRay"/> for eight consecutive pixels in AVX2 lanes — camera-space and world directions from the
/// <see cref="EndoscopeRayTable"/>, angle to the axis, cone start — and <see cref="MarchingRay.Begin"/>'s slab
/// clipping
/// for all eight: the same operations in the same order (the IEEE maximum and minimum of <c>MathF.Max</c>/<c>Min</c>
/// included), so each lane holds the scalar set-up's bits. CPU only.
/// </summary>
internal unsafe struct PixelOctet
{
    /// <summary>Camera-space z of the unit direction (z-depth = t·Cz).</summary>
    public Vector256<float> Cz;
    /// <summary>World-space unit direction.</summary>
    public Vector256<float> Wx, Wy, Wz;
    /// <summary>Angle to the optical axis as a fraction of the half field of view (−1 outside it, and in lanes past
    /// the end).</summary>
    public Vector256<float> OffAxis;
    /// <summary>Start distance from the cone pre-pass (mm; 0 without it or outside the field of view).</summary>
    public EightFloats Start;

    /// <summary>The pixels [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) (count ≤
    /// 8; lanes past it are outside the view).</summary>
    public static PixelOctet Of(int first, int count, in EndoscopeFrameParams f, float* rays,
        HostView<float> blockStart)
    {
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var present = Vector256.LessThan(lane, Vector256.Create(count));
        // past the end: read pixel `first` again
        var row = (Vector256.Create(first) + (lane & present)) * Vector256.Create(EndoscopeRayTable.Stride);
        var cx = Avx2.GatherVector256(rays, row, 4);
        var cy = Avx2.GatherVector256(rays, row + Vector256.Create(1), 4);
        var cz = Avx2.GatherVector256(rays, row + Vector256.Create(2), 4);
        var p = new PixelOctet
        {
            Cz = cz,
            OffAxis = Vector256.ConditionalSelect(present.AsSingle(),
                Avx2.GatherVector256(rays, row + Vector256.Create(3), 4), Vector256.Create(-1f)),
        };
        // RigidPose.RotateToWorld: Right·x + Down·y + Forward·z.
        var r = f.Pose.Right; var d = f.Pose.Down; var fw = f.Pose.Forward;
        p.Wx = Vector256.Create(r.X) * cx + Vector256.Create(d.X) * cy + Vector256.Create(fw.X) * cz;
        p.Wy = Vector256.Create(r.Y) * cx + Vector256.Create(d.Y) * cy + Vector256.Create(fw.Y) * cz;
        p.Wz = Vector256.Create(r.Z) * cx + Vector256.Create(d.Z) * cy + Vector256.Create(fw.Z) * cz;
        // Cone starts per lane (the block of pixel (x, y), walking the row without a division per pixel).
        EightFloats off = default;
        EightFloats.Store(p.OffAxis, ref off);
        var w = f.Camera.Width;
        var y = first / w;
        var x = first - y * w;
        for (var k = 0; k < 8; k++, x++)
        {
            if (x >= w) { x = 0; y++; }
            p.Start[k] = off[k] >= 0f && f.BlockSize > 1 ? blockStart.Load(f.BlockOf(x, y)) : 0f;
        }
        return p;
    }

    /// <summary>
    /// <see cref="MarchingRay.Begin"/> for the eight rays from the lens: the lanes whose ray enters the grid box inside
    /// its
    /// range (<paramref name="ok"/>), their start <paramref name="t"/>, end <paramref name="end"/> and direction in
    /// grid
    /// units <paramref name="ux"/>, <paramref name="uy"/>, <paramref name="uz"/>.
    /// </summary>
    public readonly void Begin(in EndoscopeFrameParams f, out Vector256<float> ok, out Vector256<float> t,
        out Vector256<float> end,
        out Vector256<float> ux, out Vector256<float> uy, out Vector256<float> uz)
    {
        var g = f.Grid;
        var o = f.Pose.Position;
        var ext = g.Extent;
        ok = Avx.CompareGreaterThanOrEqual(OffAxis, Vector256<float>.Zero);
        if (f.MaxSteps <= 0) ok = Vector256<float>.Zero;
        var t0 = Vector256<float>.Zero;
        var t1 = Vector256.Create(f.MaxDistance);
        ok &= Slab(o.X - g.Origin.X, Wx, ext.X, ref t0, ref t1);
        ok &= Slab(o.Y - g.Origin.Y, Wy, ext.Y, ref t0, ref t1);
        ok &= Slab(o.Z - g.Origin.Z, Wz, ext.Z, ref t0, ref t1);
        t = Max(t0, EightFloats.Load(Start));
        ok = Avx.AndNot(Avx.CompareGreaterThan(t, t1), ok);
        end = t1;
        var inv = Vector256.Create(g.InvSpacing);
        ux = Wx * inv; uy = Wy * inv; uz = Wz * inv;
    }

    /// <summary>MarchingRay's slab test for one axis in eight lanes (lanes whose ray is parallel to the slab keep t0,
    /// t1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Slab(float o, Vector256<float> d, float extent, ref Vector256<float> t0,
        ref Vector256<float> t1)
    {
        var parallel = Avx.CompareLessThan(Vector256.Abs(d), Vector256.Create(1e-12f));
        var inside = o >= 0f && o <= extent ? Vector256<float>.AllBitsSet : Vector256<float>.Zero;
        var inv = Vector256<float>.One / d;
        var a = Vector256.Create(-o) * inv;
        var b = Vector256.Create(extent - o) * inv;
        var swap = Avx.CompareGreaterThan(a, b);
        var lo = Vector256.ConditionalSelect(swap, b, a);
        var hi = Vector256.ConditionalSelect(swap, a, b);
        var n0 = Max(t0, lo);
        var n1 = Min(t1, hi);
        t0 = Vector256.ConditionalSelect(parallel, t0, n0);
        t1 = Vector256.ConditionalSelect(parallel, t1, n1);
        return Vector256.ConditionalSelect(parallel, inside, Avx.CompareLessThanOrEqual(n0, n1));
    }

    /// <summary><c>MathF.Max</c> in lanes (IEEE 754 maximum: NaN from the first operand wins, +0 above −0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Max(Vector256<float> x, Vector256<float> y)
    {
        var equal = Avx.CompareEqual(x, y);
        var pickX = Avx.CompareLessThan(y, x) | Avx.CompareUnordered(x, x);
        return Vector256.ConditionalSelect(equal, x & y, Vector256.ConditionalSelect(pickX, x, y));
    }

    /// <summary><c>MathF.Min</c> in lanes (IEEE 754 minimum: NaN from the first operand wins, −0 below +0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Min(Vector256<float> x, Vector256<float> y)
    {
        var equal = Avx.CompareEqual(x, y);
        var pickX = Avx.CompareLessThan(x, y) | Avx.CompareUnordered(x, x);
        return Vector256.ConditionalSelect(equal, x | y, Vector256.ConditionalSelect(pickX, x, y));
    }
}
