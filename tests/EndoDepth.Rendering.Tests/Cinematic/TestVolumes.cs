using EndoDepth.Geometry;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tests.Cinematic;

/// <summary>Analytic CT volumes for the cinematic tests (built here, not by the code under test).</summary>
internal static class TestVolumes
{
    public const float Air = -1000f;
    public const float Tissue = 40f;

    /// <summary>Every voxel the same HU.</summary>
    public static CtVolume Homogeneous(int nx, int ny, int nz, float hu, float spacing = 1f)
    {
        var v = new float[nx * ny * nz];
        Array.Fill(v, hu);
        return CtVolume.FromFloat32(nx, ny, nz, v, new Float3(spacing, spacing, spacing));
    }

    /// <summary>Air with voxel slices k ∈ [k0, k1) set to <paramref name="hu"/>.</summary>
    public static CtVolume SlabZ(int nx, int ny, int nz, int k0, int k1, float hu)
    {
        var v = new float[nx * ny * nz];
        for (var k = 0; k < nz; k++)
            for (var j = 0; j < ny; j++)
                for (var i = 0; i < nx; i++)
                    v[i + nx * (j + ny * k)] = k >= k0 && k < k1 ? hu : Air;
        return CtVolume.FromFloat32(nx, ny, nz, v, new Float3(1, 1, 1));
    }

    /// <summary>
    /// A tissue ball of radius <paramref name="radius"/> (mm) at world <paramref name="centre"/> in air, with a linear
    /// ramp <paramref name="edgeVoxels"/> voxels wide across the surface (a CT edge blurred by the scanner's PSF;
    /// HU −480 exactly on the surface).
    /// </summary>
    public static CtVolume Ball(int n, Float3 spacing, Float3 centre, float radius, float edgeVoxels = 1f)
    {
        var v = new float[n * n * n];
        var h = edgeVoxels * MathF.Min(spacing.X, MathF.Min(spacing.Y, spacing.Z));
        for (var k = 0; k < n; k++)
            for (var j = 0; j < n; j++)
                for (var i = 0; i < n; i++)
                {
                    var p = new Float3(i * spacing.X, j * spacing.Y, k * spacing.Z) - centre;
                    var inside = Math.Clamp(0.5f - (p.Length - radius) / h, 0f, 1f);
                    v[i + n * (j + n * k)] = Air + (Tissue - Air) * inside;
                }
        return CtVolume.FromFloat32(n, n, n, v, spacing);
    }

    /// <summary>
    /// A colon-like tube of air along z through tissue: radius varying with haustral folds, centred at (cx, cy),
    /// wiggling gently; voxel spacing 1 mm.
    /// </summary>
    public static CtVolume Tube(int nxy, int nz, float radius)
    {
        var v = new float[nxy * nxy * nz];
        var c = (nxy - 1) / 2f;
        for (var k = 0; k < nz; k++)
        {
            var ox = c + 3f * MathF.Sin(k * 0.05f);
            var oy = c + 2f * MathF.Cos(k * 0.035f);
            var r = radius * (1f - 0.18f * MathF.Pow(MathF.Abs(MathF.Sin(k * MathF.PI / 14f)), 8f));
            for (var j = 0; j < nxy; j++)
                for (var i = 0; i < nxy; i++)
                {
                    var d = MathF.Sqrt((i - ox) * (i - ox) + (j - oy) * (j - oy));
                    var air = Math.Clamp(0.5f - (r - d), 0f, 1f); // 1 outside the radius → tissue
                    v[i + nxy * (j + nxy * k)] = Air + (Tissue - Air) * air;
                }
        }
        return CtVolume.FromFloat32(nxy, nxy, nz, v, new Float3(1, 1, 1));
    }
}

/// <summary>A tiny seeded uniform stream for tests (not the code under test's generator).</summary>
internal sealed class PathRandomProxy(int seed)
{
    private readonly Random _r = new(seed);

    public float Next() => (float)_r.NextDouble();
}
