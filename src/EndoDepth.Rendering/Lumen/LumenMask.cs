using EndoDepth.Geometry;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Lumen;

/// <summary>
/// The lumen on a working grid: the CT reduced by an integer block factor (block mean HU), thresholded to air, and
/// reduced to one 6-connected air component (the largest that does not touch the in-plane borders, i.e. is not the air
/// around the patient). Working voxel (a, b, c) covers CT voxels [f·a, f·a + f) × … and is centred at CT voxel
/// f·a + (f − 1)/2.
/// </summary>
public sealed class LumenMask
{
    /// <summary>The CT volume the mask was made from.</summary>
    public CtVolume Volume { get; }
    /// <summary>Block factor f (CT voxels per working voxel along each axis).</summary>
    public int Factor { get; }
    /// <summary>Working grid size along i.</summary>
    public int Nx { get; }
    /// <summary>Working grid size along j.</summary>
    public int Ny { get; }
    /// <summary>Working grid size along k.</summary>
    public int Nz { get; }
    /// <summary>True for lumen voxels (index a + Nx·(b + Ny·c)).</summary>
    public bool[] Inside { get; }
    /// <summary>Number of lumen voxels.</summary>
    public int Count { get; }
    /// <summary>Working voxel spacing (mm) along i, j, k.</summary>
    public Float3 Spacing => Volume.Spacing * Factor;

    private LumenMask(CtVolume volume, int factor, int nx, int ny, int nz, bool[] inside, int count)
    {
        Volume = volume; Factor = factor; Nx = nx; Ny = ny; Nz = nz; Inside = inside; Count = count;
    }

    /// <summary>World position (mm) of the centre of working voxel (a, b, c) (continuous coordinates
    /// allowed).</summary>
    public Float3 ToWorld(Float3 abc)
    {
        var o = (Factor - 1) / 2f;
        return Volume.VoxelToWorld(new Float3(abc.X * Factor + o, abc.Y * Factor + o, abc.Z * Factor + o));
    }

    /// <summary>Continuous working-grid coordinates of a world point.</summary>
    public Float3 FromWorld(Float3 world)
    {
        var v = Volume.WorldToVoxel(world);
        var o = (Factor - 1) / 2f;
        return new Float3((v.X - o) / Factor, (v.Y - o) / Factor, (v.Z - o) / Factor);
    }

    /// <summary>Segments the lumen of <paramref name="volume"/>.</summary>
    /// <exception cref="ArgumentException">The volume holds no air below the threshold.</exception>
    public static LumenMask Segment(CtVolume volume, LumenSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var s = settings ?? new LumenSettings();
        s.Validate();
        var f = 1;
        while ((long)Math.Ceiling(volume.Nx / (double)f) * Math.Ceiling(volume.Ny / (double)f)
            * Math.Ceiling(volume.Nz / (double)f) > s.MaxWorkingVoxels) f++;
        int nx = (volume.Nx + f - 1) / f, ny = (volume.Ny + f - 1) / f, nz = (volume.Nz + f - 1) / f;
        var air = new bool[nx * ny * nz];
        Parallel.For(0, nz, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            for (var b = 0; b < ny; b++)
                for (var a = 0; a < nx; a++)
                {
                    double sum = 0; var n = 0;
                    for (var k = c * f; k < Math.Min(volume.Nz, c * f + f); k++)
                        for (var j = b * f; j < Math.Min(volume.Ny, b * f + f); j++)
                            for (var i = a * f; i < Math.Min(volume.Nx, a * f + f); i++) { sum += volume[i, j,
                                k]; n++; }
                    air[a + nx * (b + ny * c)] = sum / n < s.AirThresholdHu;
                }
        });
        // 6-connected components by breadth-first search.
        var label = new int[air.Length];
        var sizes = new List<int> { 0 };
        var touchesBorder = new List<bool> { false };
        var queue = new int[air.Length];
        for (var start = 0; start < air.Length; start++)
        {
            if (!air[start] || label[start] != 0) continue;
            cancellationToken.ThrowIfCancellationRequested();
            var id = sizes.Count;
            int head = 0, tail = 0, size = 0;
            var border = false;
            queue[tail++] = start; label[start] = id;
            while (head < tail)
            {
                var p = queue[head++]; size++;
                var a = p % nx; var b = p / nx % ny; var c = p / (nx * ny);
                if (a == 0 || b == 0 || a == nx - 1 || b == ny - 1) border = true;
                void Visit(int q) { if (air[q] && label[q] == 0) { label[q] = id; queue[tail++] = q; } }
                if (a > 0) Visit(p - 1);
                if (a < nx - 1) Visit(p + 1);
                if (b > 0) Visit(p - nx);
                if (b < ny - 1) Visit(p + nx);
                if (c > 0) Visit(p - nx * ny);
                if (c < nz - 1) Visit(p + nx * ny);
            }
            sizes.Add(size); touchesBorder.Add(border);
        }
        if (sizes.Count == 1)
            throw new ArgumentException($"The volume has no air below {s.AirThresholdHu} HU: no lumen to trace.",
            nameof(volume));
        var best = 0;
        for (var i = 1; i < sizes.Count; i++)
            if ((!s.ExcludeOutsideAir || !touchesBorder[i]) && (best == 0 || sizes[i] > sizes[best])) best = i;
        if (best == 0)
            for (var i = 1; i < sizes.Count; i++)
                if (best == 0 || sizes[i] > sizes[best]) best = i;
        var inside = new bool[air.Length];
        for (var i = 0; i < inside.Length; i++) inside[i] = label[i] == best;
        return new LumenMask(volume, f, nx, ny, nz, inside, sizes[best]);
    }
}
