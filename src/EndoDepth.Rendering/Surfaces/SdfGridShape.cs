using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Surfaces;

/// <summary>
/// The shape of a <see cref="SignedDistanceGrid"/> as a kernel-friendly value type, with the trilinear lookups the
/// ray caster uses. Values outside the grid are clamped to its border.
/// </summary>
public readonly struct SdfGridShape
{
    /// <summary>Samples along x, y, z.</summary>
    public readonly int Nx, Ny, Nz;
    /// <summary>World position of sample (0, 0, 0) (mm).</summary>
    public readonly Float3 Origin;
    /// <summary>Sample spacing (mm).</summary>
    public readonly float Spacing;
    /// <summary>1 / <see cref="Spacing"/>.</summary>
    public readonly float InvSpacing;

    /// <summary>Creates the shape.</summary>
    public SdfGridShape(int nx, int ny, int nz, Float3 origin, float spacing)
    {
        Nx = nx; Ny = ny; Nz = nz; Origin = origin; Spacing = spacing; InvSpacing = 1f / spacing;
    }

    /// <summary>World extent of the grid (mm) from <see cref="Origin"/>.</summary>
    public Float3 Extent
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new((Nx - 1) * Spacing, (Ny - 1) * Spacing, (Nz - 1) * Spacing);
    }

    /// <summary>Trilinear value at world point <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Sample<TView>(TView values, Float3 p) where TView : struct, IElementView<float> =>
        SampleAt(values, (p.X - Origin.X) * InvSpacing, (p.Y - Origin.Y) * InvSpacing, (p.Z - Origin.Z) * InvSpacing);

    /// <summary>
    /// Trilinear value at grid coordinates (<paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/>) =
    /// (p − <see cref="Origin"/>) / <see cref="Spacing"/>, clamped to the grid (NaN reads sample 0). A ray caster
    /// that
    /// keeps its ray in grid coordinates saves the world-to-grid transform at every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float SampleAt<TView>(TView values, float x, float y, float z) where TView : struct, IElementView<float>
    {
        // Clamp with comparisons (MathF.Min/Max carry IEEE NaN/−0 rules that cost three instructions each on x64; no
        // Math.Clamp in kernels: it throws).
        float hx = Nx - 1.001f, hy = Ny - 1.001f, hz = Nz - 1.001f;
        x = x > 0f ? x : 0f; x = x < hx ? x : hx;
        y = y > 0f ? y : 0f; y = y < hy ? y : hy;
        z = z > 0f ? z : 0f; z = z < hz ? z : hz;
        // Cell index and fraction without a float→int conversion: adding 1.5·2²³ rounds a float in [−2²²,
        // 2²²) to the
        // nearest integer, held in the low mantissa bits; of x − ½ that is ⌊x⌋ (or ⌊x⌋ − 1 with fraction 1
        // at whole x:
        // the same value).
        var rx = x - 0.5f + RoundingMagic;
        var ry = y - 0.5f + RoundingMagic;
        var rz = z - 0.5f + RoundingMagic;
        int i = BitConverter.SingleToInt32Bits(rx) - RoundingMagicBits;
        int j = BitConverter.SingleToInt32Bits(ry) - RoundingMagicBits;
        int k = BitConverter.SingleToInt32Bits(rz) - RoundingMagicBits;
        float fx = x - (rx - RoundingMagic), fy = y - (ry - RoundingMagic), fz = z - (rz - RoundingMagic);
        var sy = Nx; var sz = Nx * Ny;
        var b = i + j * sy + k * sz; // independent products: shorter dependency chain than Horner's form
        var b1 = b + sz;
        // the four x-edges of the cell, then y, then z: the two z-halves are independent until the last lerp
        var c00 = Lerp(values.Load(b), values.Load(b + 1), fx);
        var c10 = Lerp(values.Load(b + sy), values.Load(b + sy + 1), fx);
        var c01 = Lerp(values.Load(b1), values.Load(b1 + 1), fx);
        var c11 = Lerp(values.Load(b1 + sy), values.Load(b1 + sy + 1), fx);
        return Lerp(Lerp(c00, c10, fy), Lerp(c01, c11, fy), fz);
    }

    /// <summary>1.5·2²³: a float in [−2²², 2²²) plus this lies in [2²³, 2²⁴), where floats are the
    /// integers.</summary>
    internal const float RoundingMagic = 12582912f;

    /// <summary>The bit pattern of <see cref="RoundingMagic"/>.</summary>
    internal const int RoundingMagicBits = 0x4B400000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    /// <summary>
    /// Gradient direction at a point <paramref name="p"/> on the zero level set (f(p) = 0) by forward differences
    /// (h = ½ spacing; 3 lookups), scaled by h.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Float3 SurfaceGradient<TView>(TView values, Float3 p) where TView : struct, IElementView<float>
    {
        float x = (p.X - Origin.X) * InvSpacing, y = (p.Y - Origin.Y) * InvSpacing, z = (p.Z - Origin.Z) * InvSpacing;
        return new Float3(SampleAt(values, x + 0.5f, y, z), SampleAt(values, x, y + 0.5f, z),
            SampleAt(values, x, y, z + 0.5f));
    }

    /// <summary>Gradient of the field at <paramref name="p"/> by forward differences (h = ½ spacing; 4 lookups),
    /// scaled by h.</summary>
    public Float3 ForwardGradient<TView>(TView values, Float3 p) where TView : struct, IElementView<float>
    {
        var h = 0.5f * Spacing;
        var f0 = Sample(values, p);
        return new Float3(
            Sample(values, new Float3(p.X + h, p.Y, p.Z)) - f0,
            Sample(values, new Float3(p.X, p.Y + h, p.Z)) - f0,
            Sample(values, new Float3(p.X, p.Y, p.Z + h)) - f0);
    }

    /// <summary>Gradient of the field at <paramref name="p"/> by central differences of the trilinear field (h = ½
    /// spacing).</summary>
    public Float3 Gradient<TView>(TView values, Float3 p) where TView : struct, IElementView<float>
    {
        var h = 0.5f * Spacing;
        return new Float3(
            Sample(values, new Float3(p.X + h, p.Y, p.Z)) - Sample(values, new Float3(p.X - h, p.Y, p.Z)),
            Sample(values, new Float3(p.X, p.Y + h, p.Z)) - Sample(values, new Float3(p.X, p.Y - h, p.Z)),
            Sample(values, new Float3(p.X, p.Y, p.Z + h)) - Sample(values, new Float3(p.X, p.Y, p.Z - h)));
    }
}
