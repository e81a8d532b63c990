using System.Runtime.CompilerServices;
using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// A 3-D DDA (Amanatides &amp; Woo) over the macro cells along a ray, in the ray's world parameter t (mm). Start with
/// <see cref="Begin"/>; each <see cref="Cell"/> is valid on [<see cref="T0"/>, <see cref="T1"/>); <see cref="Advance"/>
/// moves on and returns false past the grid or <c>tEnd</c>. A value type usable inside kernels. The hot paths use
/// <c>float.MinNative</c>/<c>MaxNative</c> (one instruction; the IEEE <c>MathF.Min</c>/<c>Max</c> take three on x64
/// with
/// AVX-512), which agree for the finite, non-NaN values these see.
/// </summary>
internal partial struct CellWalk
{
    /// <summary>Index of the current cell.</summary>
    public int Cell;
    /// <summary>Entry parameter of the current cell.</summary>
    public float T0;
    /// <summary>Exit parameter of the current cell (clipped to the end).</summary>
    public float T1;
    private int _ix, _iy, _iz, _sx, _sy, _sz, _nx, _ny, _nz, _strideY, _strideZ;
    private float _tx, _ty, _tz, _dx, _dy, _dz, _end;

    private static bool Slab(float o, float d, float lo, float hi, ref float t0, ref float t1)
    {
        if (MathF.Abs(d) < 1e-20f) return o >= lo && o <= hi;
        var a = (lo - o) / d; var b = (hi - o) / d;
        if (a > b) { var s = a; a = b; b = s; }
        t0 = MathF.Max(t0, a); t1 = MathF.Min(t1, b);
        return t0 <= t1;
    }

    /// <summary>
    /// Starts the walk for the voxel-space ray <paramref name="ov"/> + t·<paramref name="dv"/>, t ∈
    /// [<paramref name="tStart"/>,
    /// <paramref name="tEnd"/>], over an nx×ny×nz voxel grid split into cells of <paramref name="cellSize"/>. False
    /// when
    /// the ray misses the grid.
    /// </summary>
    public bool Begin(Float3 ov, Float3 dv, float tStart, float tEnd, int nx, int ny, int nz, int cellSize, int cx,
        int cy, int cz)
    {
        var t0 = tStart; var t1 = tEnd;
        if (!Slab(ov.X, dv.X, -0.5f, nx - 0.5f, ref t0, ref t1)) return false;
        if (!Slab(ov.Y, dv.Y, -0.5f, ny - 0.5f, ref t0, ref t1)) return false;
        if (!Slab(ov.Z, dv.Z, -0.5f, nz - 0.5f, ref t0, ref t1)) return false;
        _nx = cx; _ny = cy; _nz = cz; _end = t1;
        var inv = 1f / cellSize;
        // Cell coordinates: cell a starts at voxel coordinate a·C + MajorantGrid.Offset (= a·C − 1).
        var qx = (ov.X + 1f) * inv; var qy = (ov.Y + 1f) * inv; var qz = (ov.Z + 1f) * inv;
        var ddx = dv.X * inv; var ddy = dv.Y * inv; var ddz = dv.Z * inv;
        _ix = Math.Min(Math.Max((int)MathF.Floor(qx + ddx * t0), 0), cx - 1);
        _iy = Math.Min(Math.Max((int)MathF.Floor(qy + ddy * t0), 0), cy - 1);
        _iz = Math.Min(Math.Max((int)MathF.Floor(qz + ddz * t0), 0), cz - 1);
        Axis(qx, ddx, _ix, out _sx, out _tx, out _dx);
        Axis(qy, ddy, _iy, out _sy, out _ty, out _dy);
        Axis(qz, ddz, _iz, out _sz, out _tz, out _dz);
        T0 = t0;
        T1 = float.MinNative(float.MinNative(_tx, float.MinNative(_ty, _tz)), _end);
        _strideY = _sy * cx; _strideZ = _sz * cx * cy; // signed index steps along j and k
        Cell = _ix + _nx * (_iy + _ny * _iz);
        return true;
    }

    private static void Axis(float q, float d, int i, out int step, out float tNext, out float tDelta)
    {
        if (d > 1e-20f) { step = 1; tNext = (i + 1 - q) / d; tDelta = 1f / d; }
        else if (d < -1e-20f) { step = -1; tNext = (i - q) / d; tDelta = -1f / d; }
        else { step = 0; tNext = float.MaxValue; tDelta = float.MaxValue; }
    }

    /// <summary>
    /// Jumps past the cube of cells within <paramref name="r"/> of the current one along every axis (known empty, see
    /// <see cref="EmptySpace"/>): to the first cell the ray enters outside it, found by counting each axis's crossings
    /// before the cube's exit, so the walk continues exactly as if it had stepped there cell by cell. False when the
    /// walk
    /// is over.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Skip(int r)
    {
        var tExit = float.MinNative(float.MinNative(_tx + r * _dx, _ty + r * _dy), _tz + r * _dz);
        if (tExit >= _end) return false;
        var kx = Crossings(ref _tx, _dx, tExit, r);
        var ky = Crossings(ref _ty, _dy, tExit, r);
        var kz = Crossings(ref _tz, _dz, tExit, r);
        _ix += _sx * kx; _iy += _sy * ky; _iz += _sz * kz;
        if ((uint)_ix >= (uint)_nx || (uint)_iy >= (uint)_ny || (uint)_iz >= (uint)_nz) return false;
        T0 = tExit;
        T1 = float.MinNative(float.MinNative(_tx, float.MinNative(_ty, _tz)), _end);
        Cell += _sx * kx + _strideY * ky + _strideZ * kz;
        return true;
    }

    /// <summary>
    /// The cell boundaries an axis crosses at or before <paramref name="t"/> (0 … r + 1, branch-free); moves its next
    /// crossing on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Crossings(ref float tNext, float tDelta, float t, int r)
    {
        // (t − tNext)/tDelta is negative when the next crossing lies beyond t; an axis the ray runs parallel to has
        // tNext = tDelta = float.MaxValue, which gives 0 crossings too.
        var k = (int)float.MinNative(float.MaxNative(MathF.Floor((t - tNext) / tDelta) + 1f, 0f), r + 1f);
        tNext += k * tDelta;
        return k;
    }

    /// <summary>Moves to the next cell; false when the walk is over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Advance()
    {
        if (T1 >= _end) return false;
        T0 = T1;
        if (_tx <= _ty && _tx <= _tz) { _ix += _sx; _tx += _dx; if ((uint)_ix >= (uint)_nx) return false; Cell += _sx; }
        else if (_ty <= _tz) { _iy += _sy; _ty += _dy; if ((uint)_iy >= (uint)_ny) return false; Cell += _strideY; }
        else { _iz += _sz; _tz += _dz; if ((uint)_iz >= (uint)_nz) return false; Cell += _strideZ; }
        T1 = float.MinNative(float.MinNative(_tx, float.MinNative(_ty, _tz)), _end);
        return true;
    }
}
