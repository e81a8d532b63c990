using EndoDepth.Geometry;

namespace EndoDepth.Volumes;

/// <summary>
/// A CT volume in Hounsfield units on a regular grid. Voxel (i, j, k) — column, row, slice — is stored at
/// index i + Nx·(j + Ny·k). Geometry follows DICOM's patient coordinate system (LPS, millimetres):
/// world = Origin + Direction · diag(Spacing) · (i, j, k)ᵀ, where Origin is the centre of voxel (0, 0, 0) and the
/// columns of Direction are the unit world directions of the i, j and k axes.
/// </summary>
public sealed class CtVolume
{
    /// <summary>Largest voxel count accepted (2³¹ − 1 elements per array).</summary>
    public const long MaxVoxels = int.MaxValue;

    /// <summary>Voxels along i (columns).</summary>
    public int Nx { get; }
    /// <summary>Voxels along j (rows).</summary>
    public int Ny { get; }
    /// <summary>Voxels along k (slices).</summary>
    public int Nz { get; }
    /// <summary>Voxel spacing along i, j, k (mm).</summary>
    public Float3 Spacing { get; }
    /// <summary>World (LPS, mm) position of the centre of voxel (0, 0, 0).</summary>
    public Float3 Origin { get; }
    /// <summary>Unit world direction of the i axis.</summary>
    public Float3 DirectionI { get; }
    /// <summary>Unit world direction of the j axis.</summary>
    public Float3 DirectionJ { get; }
    /// <summary>Unit world direction of the k axis.</summary>
    public Float3 DirectionK { get; }
    /// <summary>The storage kind.</summary>
    public VoxelStorage Storage { get; }

    /// <summary>Size, storage, spacing and origin, e.g. "CtVolume 512×512×300 Int16, spacing (0.7, 0.7, 1.25) mm,
    /// origin (…) mm (LPS)".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"CtVolume {Nx}×{Ny}×{Nz} {Storage}, spacing {Spacing} mm, origin {Origin} mm (LPS)");
    /// <summary>HU as int16, when <see cref="Storage"/> is <see cref="VoxelStorage.Int16"/>.</summary>
    public short[]? Int16Voxels { get; }
    /// <summary>HU as float32, when <see cref="Storage"/> is <see cref="VoxelStorage.Float32"/>.</summary>
    public float[]? Float32Voxels { get; }

    private CtVolume(int nx, int ny, int nz, Float3 spacing, Float3 origin, Float3 di, Float3 dj, Float3 dk,
        short[]? s, float[]? f)
    {
        Validate(nx, ny, nz, spacing);
        Nx = nx; Ny = ny; Nz = nz; Spacing = spacing; Origin = origin;
        DirectionI = di; DirectionJ = dj; DirectionK = dk;
        Int16Voxels = s; Float32Voxels = f;
        Storage = s is not null ? VoxelStorage.Int16 : VoxelStorage.Float32;
        var n = (long)nx * ny * nz;
        if ((s?.LongLength ?? f!.LongLength) != n) throw new ArgumentException($"Expected {n} voxels for " +
            $"{nx}×{ny}×{nz}.");
    }

    /// <summary>An int16 volume (axis-aligned unless directions are given).</summary>
    public static CtVolume FromInt16(int nx, int ny, int nz, short[] hu, Float3 spacing, Float3 origin = default,
        Float3? directionI = null, Float3? directionJ = null, Float3? directionK = null)
    {
        ArgumentNullException.ThrowIfNull(hu);
        return new(nx, ny, nz, spacing, origin, directionI ?? Float3.UnitX, directionJ ?? Float3.UnitY,
            directionK ?? Float3.UnitZ, hu, null);
    }

    /// <summary>A float32 volume (axis-aligned unless directions are given).</summary>
    public static CtVolume FromFloat32(int nx, int ny, int nz, float[] hu, Float3 spacing, Float3 origin = default,
        Float3? directionI = null, Float3? directionJ = null, Float3? directionK = null)
    {
        ArgumentNullException.ThrowIfNull(hu);
        return new(nx, ny, nz, spacing, origin, directionI ?? Float3.UnitX, directionJ ?? Float3.UnitY,
            directionK ?? Float3.UnitZ, null, hu);
    }

    /// <summary>Throws unless the dimensions and spacing are acceptable (checked before allocating).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive or absurd dimensions, or a non-positive
    /// spacing.</exception>
    public static void Validate(long nx, long ny, long nz, Float3 spacing)
    {
        if (nx < 1 || ny < 1 || nz < 1 || nx * ny * nz > MaxVoxels)
            throw new ArgumentOutOfRangeException(nameof(nx),
                $"Volume size {nx}×{ny}×{nz} is not in 1..{MaxVoxels} voxels.");
        if (!(spacing.X > 0) || !(spacing.Y > 0) || !(spacing.Z > 0)
            || !float.IsFinite(spacing.X + spacing.Y + spacing.Z))
            throw new ArgumentOutOfRangeException(nameof(spacing),
                $"Voxel spacing must be positive and finite, got {spacing}.");
    }

    /// <summary>Number of voxels.</summary>
    public long VoxelCount => (long)Nx * Ny * Nz;

    /// <summary>HU at voxel (i, j, k).</summary>
    public float this[int i, int j, int k]
    {
        get
        {
            var idx = i + Nx * (j + (long)Ny * k);
            return Int16Voxels is not null ? Int16Voxels[idx] : Float32Voxels![idx];
        }
    }

    /// <summary>All voxels as float32 HU (a copy for int16 storage, the array itself for float32).</summary>
    public float[] AsFloat32()
    {
        if (Float32Voxels is not null) return Float32Voxels;
        var f = new float[Int16Voxels!.Length];
        for (var n = 0; n < f.Length; n++) f[n] = Int16Voxels[n];
        return f;
    }

    /// <summary>Continuous voxel coordinates (i, j, k) → world (LPS, mm).</summary>
    public Float3 VoxelToWorld(Float3 ijk) =>
        Origin + DirectionI * (ijk.X * Spacing.X) + DirectionJ * (ijk.Y * Spacing.Y) + DirectionK * (ijk.Z * Spacing.Z);

    /// <summary>
    /// World (LPS, mm) → continuous voxel coordinates; exact inverse of <see cref="VoxelToWorld"/> for orthonormal
    /// directions (DICOM and NIfTI qform geometry). Oblique non-orthogonal grids are solved with the full 3×3 inverse.
    /// </summary>
    public Float3 WorldToVoxel(Float3 world)
    {
        var p = world - Origin;
        // Solve [a b c]·x = p with a = dI·sx, b = dJ·sy, c = dK·sz (Cramer's rule).
        var a = DirectionI * Spacing.X; var b = DirectionJ * Spacing.Y; var c = DirectionK * Spacing.Z;
        var bc = Float3.Cross(b, c);
        var det = Float3.Dot(a, bc);
        return new Float3(Float3.Dot(p, bc) / det, Float3.Dot(a, Float3.Cross(p, c)) / det,
            Float3.Dot(a, Float3.Cross(b, p)) / det);
    }

    /// <summary>The world-space axis-aligned bounds of the voxel centres.</summary>
    public (Float3 Min, Float3 Max) WorldBounds()
    {
        var min = new Float3(float.MaxValue, float.MaxValue, float.MaxValue);
        var max = -min;
        for (var c = 0; c < 8; c++)
        {
            var w = VoxelToWorld(new Float3((c & 1) * (Nx - 1), ((c >> 1) & 1) * (Ny - 1), ((c >> 2) & 1) * (Nz - 1)));
            min = Float3.Min(min, w); max = Float3.Max(max, w);
        }
        return (min, max);
    }
}
