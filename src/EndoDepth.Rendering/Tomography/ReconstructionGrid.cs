using EndoDepth.Geometry;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// The voxel grid a scan is projected from or reconstructed on, in the scan's frame (<see cref="ScanGeometry"/>):
/// voxel (i, j, k) sits at x = (i − (Nx − 1)/2)·Δx + c_x (and likewise y, z), so the grid is centred on the isocentre
/// shifted by <see cref="CentreMm"/>. Arrays over it are stored i fastest: index i + Nx·(j + Ny·k), as
/// <see cref="CtVolume"/> does. A 2-D image is a grid with Nz = 1 (row j, column i).
/// </summary>
/// <param name="Nx">Voxels along x (columns).</param>
/// <param name="Ny">Voxels along y (rows).</param>
/// <param name="Nz">Voxels along z (slices, the rotation axis); 1 for a 2-D image.</param>
/// <param name="VoxelSizeMm">Voxel size along x, y, z (mm).</param>
/// <param name="CentreMm">Where the grid's centre lies relative to the isocentre (mm).</param>
public sealed record ReconstructionGrid(int Nx, int Ny, int Nz, Float3 VoxelSizeMm, Float3 CentreMm = default)
{
    /// <summary>An n × n 2-D image of square pixels centred on the isocentre.</summary>
    public static ReconstructionGrid Square(int n, float pixelMm = 1) => new(n, n, 1, new Float3(pixelMm, pixelMm,
        pixelMm));

    /// <summary>An n³ cube of isotropic voxels centred on the isocentre.</summary>
    public static ReconstructionGrid Cube(int n, float voxelMm = 1) => new(n, n, n, new Float3(voxelMm, voxelMm,
        voxelMm));

    /// <summary>The grid of <paramref name="volume"/> (its size and spacing), centred on the isocentre.</summary>
    public static ReconstructionGrid Of(CtVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return new(volume.Nx, volume.Ny, volume.Nz, volume.Spacing);
    }

    /// <summary>
    /// The grid the detector sees at the isocentre: <see cref="ScanGeometry.DetectorColumns"/> square voxels of the
    /// column pitch scaled to the isocentre (pitch·D_so/D_sd for fan and cone beams) along x and y, and one slice per
    /// detector row of the row pitch so scaled along z (one slice, a 2-D image, for a single row).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid geometry.</exception>
    public static ReconstructionGrid FieldOfView(ScanGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        var scale = geometry.Beam == BeamKind.Parallel ? 1 : geometry.SourceIsocentreMm / geometry.SourceDetectorMm;
        var u = (float)(geometry.PixelPitchUMm * scale);
        var v = geometry.DetectorRows == 1 ? u : (float)(geometry.PixelPitchVMm * scale);
        return new(geometry.DetectorColumns, geometry.DetectorColumns, geometry.DetectorRows, new Float3(u, u, v));
    }

    /// <summary>Number of voxels.</summary>
    public long VoxelCount => (long)Nx * Ny * Nz;

    /// <summary>Throws unless the grid is usable.</summary>
    /// <exception cref="ArgumentException">Non-positive size, too many voxels, non-positive or non-finite
    /// spacing, or a non-finite centre.</exception>
    public void Validate()
    {
        if (Nx < 1 || Ny < 1 || Nz < 1 || VoxelCount > CtVolume.MaxVoxels)
            throw new ArgumentException($"Grid {Nx}×{Ny}×{Nz} is not in 1..{CtVolume.MaxVoxels} voxels.");
        if (!(VoxelSizeMm.X > 0) || !(VoxelSizeMm.Y > 0) || !(VoxelSizeMm.Z > 0)
            || !float.IsFinite(VoxelSizeMm.X + VoxelSizeMm.Y + VoxelSizeMm.Z))
            throw new ArgumentException($"Voxel size must be positive and finite, got {VoxelSizeMm}.");
        if (!float.IsFinite(CentreMm.X + CentreMm.Y + CentreMm.Z))
            throw new ArgumentException($"Grid centre must be finite, got {CentreMm}.");
    }

    /// <summary>The kernel-side description.</summary>
    internal GridParams ToParams() => new()
    {
        Nx = Nx, Ny = Ny, Nz = Nz, Sx = VoxelSizeMm.X, Sy = VoxelSizeMm.Y, Sz = VoxelSizeMm.Z,
        X0 = CentreMm.X - 0.5f * (Nx - 1) * VoxelSizeMm.X,
        Y0 = CentreMm.Y - 0.5f * (Ny - 1) * VoxelSizeMm.Y,
        Z0 = CentreMm.Z - 0.5f * (Nz - 1) * VoxelSizeMm.Z,
    };
}

/// <summary>A <see cref="ReconstructionGrid"/> as kernel parameters: sizes, spacing and the position of voxel
/// (0, 0, 0) (mm).</summary>
internal struct GridParams
{
    /// <summary>Voxels along x.</summary>
    public int Nx;
    /// <summary>Voxels along y.</summary>
    public int Ny;
    /// <summary>Voxels along z.</summary>
    public int Nz;
    /// <summary>Spacing along x (mm).</summary>
    public float Sx;
    /// <summary>Spacing along y (mm).</summary>
    public float Sy;
    /// <summary>Spacing along z (mm).</summary>
    public float Sz;
    /// <summary>x of voxel 0 (mm).</summary>
    public float X0;
    /// <summary>y of voxel 0 (mm).</summary>
    public float Y0;
    /// <summary>z of voxel 0 (mm).</summary>
    public float Z0;
}
