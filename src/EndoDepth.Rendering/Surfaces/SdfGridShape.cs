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
    public Float3 Extent => new((Nx - 1) * Spacing, (Ny - 1) * Spacing, (Nz - 1) * Spacing);

    /// <summary>Trilinear value at world point <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Sample<TView>(TView values, Float3 p) where TView : struct, IElementView<float> =>
        SampleAt(values, (p.X - Origin.X) * InvSpacing, (p.Y - Origin.Y) * InvSpacing, (p.Z - Origin.Z) * InvSpacing);

    /// <summary>
    /// Trilinear value at grid coordinates (<paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/>) =
    /// (p − <see cref="Origin"/>) / <see cref="Spacing"/>, clamped to the grid. A ray caster that keeps its ray in grid
    /// coordinates saves the world-to-grid transform at every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float SampleAt<TView>(TView values, float x, float y, float z) where TView : struct, IElementView<float>
    {
        x = MathF.Min(MathF.Max(x, 0f), Nx - 1.001f); // no Math.Clamp in kernels: it throws
        y = MathF.Min(MathF.Max(y, 0f), Ny - 1.001f);
        z = MathF.Min(MathF.Max(z, 0f), Nz - 1.001f);
        int i = (int)x, j = (int)y, k = (int)z;
        float fx = x - i, fy = y - j, fz = z - k;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    /// <summary>
    /// Gradient direction at a point <paramref name="p"/> on the zero level set (f(p) = 0) by forward differences
    /// (h = ½ spacing; 3 lookups), scaled by h.
    /// </summary>
    public Float3 SurfaceGradient<TView>(TView values, Float3 p) where TView : struct, IElementView<float>
    {
        var h = 0.5f * Spacing;
        return new Float3(
            Sample(values, new Float3(p.X + h, p.Y, p.Z)),
            Sample(values, new Float3(p.X, p.Y + h, p.Z)),
            Sample(values, new Float3(p.X, p.Y, p.Z + h)));
    }

    /// <summary>Gradient of the field at <paramref name="p"/> by forward differences (h = ½ spacing; 4 lookups), scaled by h.</summary>
    public Float3 ForwardGradient<TView>(TView values, Float3 p) where TView : struct, IElementView<float>
    {
        var h = 0.5f * Spacing;
        var f0 = Sample(values, p);
        return new Float3(
            Sample(values, new Float3(p.X + h, p.Y, p.Z)) - f0,
            Sample(values, new Float3(p.X, p.Y + h, p.Z)) - f0,
            Sample(values, new Float3(p.X, p.Y, p.Z + h)) - f0);
    }

    /// <summary>Gradient of the field at <paramref name="p"/> by central differences of the trilinear field (h = ½ spacing).</summary>
    public Float3 Gradient<TView>(TView values, Float3 p) where TView : struct, IElementView<float>
    {
        var h = 0.5f * Spacing;
        return new Float3(
            Sample(values, new Float3(p.X + h, p.Y, p.Z)) - Sample(values, new Float3(p.X - h, p.Y, p.Z)),
            Sample(values, new Float3(p.X, p.Y + h, p.Z)) - Sample(values, new Float3(p.X, p.Y - h, p.Z)),
            Sample(values, new Float3(p.X, p.Y, p.Z + h)) - Sample(values, new Float3(p.X, p.Y, p.Z - h)));
    }
}
