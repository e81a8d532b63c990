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
    public float Sample<TView>(TView values, Float3 p) where TView : struct, IElementView<float>
    {
        var x = MathF.Min(MathF.Max((p.X - Origin.X) * InvSpacing, 0f), Nx - 1.001f); // no Math.Clamp in kernels: it throws
        var y = MathF.Min(MathF.Max((p.Y - Origin.Y) * InvSpacing, 0f), Ny - 1.001f); // no Math.Clamp in kernels: it throws
        var z = MathF.Min(MathF.Max((p.Z - Origin.Z) * InvSpacing, 0f), Nz - 1.001f); // no Math.Clamp in kernels: it throws
        int i = (int)x, j = (int)y, k = (int)z;
        float fx = x - i, fy = y - j, fz = z - k;
        var b = i + Nx * (j + Ny * k);
        var sy = Nx; var sz = Nx * Ny;
        float v000 = values.Load(b), v100 = values.Load(b + 1), v010 = values.Load(b + sy), v110 = values.Load(b + sy + 1);
        float v001 = values.Load(b + sz), v101 = values.Load(b + sz + 1), v011 = values.Load(b + sy + sz), v111 = values.Load(b + sy + sz + 1);
        var c00 = v000 + (v100 - v000) * fx;
        var c10 = v010 + (v110 - v010) * fx;
        var c01 = v001 + (v101 - v001) * fx;
        var c11 = v011 + (v111 - v011) * fx;
        var c0 = c00 + (c10 - c00) * fy;
        var c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }

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
