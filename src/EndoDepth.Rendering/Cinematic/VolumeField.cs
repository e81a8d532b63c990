using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Volumes;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// A CT volume as the kernels see it: HU flattened (i + Nx·(j + Ny·k)), the world (mm) → voxel map, trilinear
/// interpolation and the central-difference gradient, written by hand (ILGPU has no texture API). Outside the grid
/// (beyond half a voxel from the outer centres) the field is air. A value type usable inside kernels.
/// </summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct VolumeField<TView> where TView : struct, IElementView<float>
{
    /// <summary>HU of air, returned outside the grid.</summary>
    public const float AirHu = -1000f;

    /// <summary>The voxels (HU).</summary>
    public TView Hu;
    /// <summary>Voxels along i.</summary>
    public int Nx;
    /// <summary>Voxels along j.</summary>
    public int Ny;
    /// <summary>Voxels along k.</summary>
    public int Nz;
    /// <summary>World position of voxel (0, 0, 0)'s centre.</summary>
    public Float3 Origin;
    /// <summary>First row of the world → voxel linear map.</summary>
    public Float3 M0;
    /// <summary>Second row of the world → voxel linear map.</summary>
    public Float3 M1;
    /// <summary>Third row of the world → voxel linear map.</summary>
    public Float3 M2;
    /// <summary>The smallest voxel spacing (mm).</summary>
    public float MinSpacing;

    /// <summary>The field of <paramref name="volume"/> over <paramref name="hu"/> (its voxels already on the
    /// device).</summary>
    public static VolumeField<TView> Create(CtVolume volume, TView hu)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var o = volume.Origin;
        var f = new VolumeField<TView>
        {
            Hu = hu, Nx = volume.Nx, Ny = volume.Ny, Nz = volume.Nz, Origin = o,
            MinSpacing = MathF.Min(volume.Spacing.X, MathF.Min(volume.Spacing.Y, volume.Spacing.Z)),
        };
        // Rows of the inverse map = images of the world unit vectors (the map is linear after removing the origin).
        var ex = volume.WorldToVoxel(o + Float3.UnitX);
        var ey = volume.WorldToVoxel(o + Float3.UnitY);
        var ez = volume.WorldToVoxel(o + Float3.UnitZ);
        f.M0 = new Float3(ex.X, ey.X, ez.X);
        f.M1 = new Float3(ex.Y, ey.Y, ez.Y);
        f.M2 = new Float3(ex.Z, ey.Z, ez.Z);
        return f;
    }

    /// <summary>World point → continuous voxel coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Float3 ToVoxel(Float3 world)
    {
        var p = world - Origin;
        return new Float3(Float3.Dot(M0, p), Float3.Dot(M1, p), Float3.Dot(M2, p));
    }

    /// <summary>World direction → voxel-space direction (not normalised; its length is voxels per mm).</summary>
    public readonly Float3 DirectionToVoxel(Float3 d) => new(Float3.Dot(M0, d), Float3.Dot(M1, d), Float3.Dot(M2, d));

    /// <summary>True when voxel point <paramref name="v"/> lies within the grid's box (half a voxel around the
    /// centres).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Contains(Float3 v) =>
        v.X >= -0.5f && v.Y >= -0.5f && v.Z >= -0.5f && v.X <= Nx - 0.5f && v.Y <= Ny - 0.5f && v.Z <= Nz - 0.5f;

    /// <summary>Trilinear HU at voxel coordinates <paramref name="v"/> (edge voxels extend half a voxel; air
    /// beyond).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Sample(Float3 v)
    {
        if (!Contains(v)) return AirHu;
        var x = float.MinNative(float.MaxNative(v.X, 0f), Nx - 1f);
        var y = float.MinNative(float.MaxNative(v.Y, 0f), Ny - 1f);
        var z = float.MinNative(float.MaxNative(v.Z, 0f), Nz - 1f);
        var i = Math.Min((int)x, Math.Max(Nx - 2, 0)); var j = Math.Min((int)y,
            Math.Max(Ny - 2, 0)); var k = Math.Min((int)z, Math.Max(Nz - 2, 0));
        var fx = x - i; var fy = y - j; var fz = z - k;
        // One base index and three neighbour offsets (0 on a one-voxel axis): eight loads, no repeated addressing.
        var b = i + Nx * (j + Ny * k);
        var di = i + 1 < Nx ? 1 : 0;
        var dj = j + 1 < Ny ? Nx : 0;
        var dk = k + 1 < Nz ? Nx * Ny : 0;
        return Trilinear(b, di, dj, dk, fx, fy, fz);
    }

    /// <summary>Trilinear interpolation in the lattice cube at base index <paramref name="b"/> (neighbour offsets di,
    /// dj, dk).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly float Trilinear(int b, int di, int dj, int dk, float fx, float fy, float fz)
    {
        var v000 = Hu.Load(b); var v100 = Hu.Load(b + di);
        var v010 = Hu.Load(b + dj); var v110 = Hu.Load(b + dj + di);
        var v001 = Hu.Load(b + dk); var v101 = Hu.Load(b + dk + di);
        var v011 = Hu.Load(b + dk + dj); var v111 = Hu.Load(b + dk + dj + di);
        var c00 = v000 + (v100 - v000) * fx;
        var c10 = v010 + (v110 - v010) * fx;
        var c01 = v001 + (v101 - v001) * fx;
        var c11 = v011 + (v111 - v011) * fx;
        var c0 = c00 + (c10 - c00) * fy;
        var c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }

    /// <summary>Trilinear HU at the point <paramref name="ov"/> + <paramref name="t"/>·<paramref name="dv"/> of a
    /// voxel-space ray (the same arithmetic as <c>Sample(ov + dv * t)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float SampleAlong(Float3 ov, Float3 dv, float t)
        => Sample(new Float3(ov.X + dv.X * t, ov.Y + dv.Y * t, ov.Z + dv.Z * t));

    /// <summary>Trilinear HU at a world point.</summary>
    public readonly float SampleWorld(Float3 world) => Sample(ToVoxel(world));

    /// <summary>
    /// The world-space HU gradient (HU/mm) at voxel coordinates <paramref name="v"/>, by central differences one voxel
    /// apart on the interpolated field (chain rule through the voxel map).
    /// </summary>
    public readonly Float3 Gradient(Float3 v)
    {
        float gx, gy, gz;
        if (v.X >= 1f && v.Y >= 1f && v.Z >= 1f && v.X < Nx - 2f && v.Y < Ny - 2f && v.Z < Nz - 2f)
        {
            // All six points are inside without clamping: the same arithmetic as Sample, sharing the index work.
            var i = (int)v.X; var j = (int)v.Y; var k = (int)v.Z;
            var fx = v.X - i; var fy = v.Y - j; var fz = v.Z - k;
            var sy = Nx; var sz = Nx * Ny;
            var xp = v.X + 1f; var xm = v.X - 1f; var ip = (int)xp; var im = (int)xm;
            var yp = v.Y + 1f; var ym = v.Y - 1f; var jp = (int)yp; var jm = (int)ym;
            var zp = v.Z + 1f; var zm = v.Z - 1f; var kp = (int)zp; var km = (int)zm;
            gx = 0.5f * (Trilinear(ip + sy * j + sz * k, 1, sy, sz, xp - ip, fy, fz) - Trilinear(im + sy * j + sz * k,
                1, sy, sz, xm - im, fy, fz));
            gy = 0.5f * (Trilinear(i + sy * jp + sz * k, 1, sy, sz, fx, yp - jp, fz) - Trilinear(i + sy * jm + sz * k,
                1, sy, sz, fx, ym - jm, fz));
            gz = 0.5f * (Trilinear(i + sy * j + sz * kp, 1, sy, sz, fx, fy, zp - kp) - Trilinear(i + sy * j + sz * km,
                1, sy, sz, fx, fy, zm - km));
        }
        else
        {
            gx = 0.5f * (Sample(new Float3(v.X + 1f, v.Y, v.Z)) - Sample(new Float3(v.X - 1f, v.Y, v.Z)));
            gy = 0.5f * (Sample(new Float3(v.X, v.Y + 1f, v.Z)) - Sample(new Float3(v.X, v.Y - 1f, v.Z)));
            gz = 0.5f * (Sample(new Float3(v.X, v.Y, v.Z + 1f)) - Sample(new Float3(v.X, v.Y, v.Z - 1f)));
        }
        return M0 * gx + M1 * gy + M2 * gz;
    }
}
