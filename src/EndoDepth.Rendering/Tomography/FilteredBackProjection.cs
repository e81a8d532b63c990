using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// Analytic reconstruction of a <see cref="CtScan"/>: filtered back-projection for parallel beams and, for fan
/// and cone beams, FDK (Feldkamp, Davis &amp; Kress 1984), of which fan-beam FBP on a flat detector is the one-row case.
/// Steps: (1) fan/cone only, cosine weighting p·D_sd/√(D_sd² + u² + v²) (FDK eq. (24)); (2) ramp filtering along each
/// detector row, with the row's sample spacing taken at the isocentre (pitch·D_so/D_sd) (<see cref="ProjectionFilter"/>);
/// (3) voxel-driven back-projection with the (D_so/U)² distance weight and π/M per view
/// (<see cref="VoxelDrivenBackProjection"/>). Fan and cone scans must cover a full circle with equally spaced views
/// (no short-scan weights); parallel scans 180° or 360°.
/// </summary>
public static class FilteredBackProjection
{
    /// <summary>Reconstructs HU on <paramref name="grid"/>: attenuation μ (1/mm) mapped by
    /// <see cref="ReconstructionSettings.Calibration"/>.</summary>
    /// <param name="scan">Projections and geometry.</param>
    /// <param name="grid">Where to reconstruct, in the scan frame.</param>
    /// <param name="settings">Filter and HU calibration (defaults: Ram-Lak, water 0.0193/mm).</param>
    /// <param name="placement">Optional volume whose origin and axes the result takes (when its size matches the
    /// grid); otherwise the result's world frame is the scan frame (origin at voxel 0's position).</param>
    /// <param name="device">Kernel launcher (<see cref="ComputeDevice.Shared"/> when null).</param>
    /// <param name="progress">Fraction of views back-projected.</param>
    /// <param name="cancellationToken">Cancels between batches of views.</param>
    /// <exception cref="ArgumentException">Invalid grid or settings.</exception>
    public static CtVolume Reconstruct(CtScan scan, ReconstructionGrid grid,
        ReconstructionSettings? settings = null, CtVolume? placement = null, ComputeDevice? device = null,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        settings ??= new ReconstructionSettings();
        settings.Calibration.Validate();
        var mu = ReconstructAttenuation(scan, grid, settings.Filter, device, progress, cancellationToken);
        var hu = new float[mu.Length];
        for (var n = 0; n < hu.Length; n++) hu[n] = settings.Calibration.ToHu(mu[n]);
        if (placement is not null && placement.Nx == grid.Nx && placement.Ny == grid.Ny && placement.Nz == grid.Nz)
            return CtVolume.FromFloat32(grid.Nx, grid.Ny, grid.Nz, hu, grid.VoxelSizeMm, placement.Origin,
                placement.DirectionI, placement.DirectionJ, placement.DirectionK);
        var g = grid.ToParams();
        return CtVolume.FromFloat32(grid.Nx, grid.Ny, grid.Nz, hu, grid.VoxelSizeMm, new Float3(g.X0, g.Y0, g.Z0));
    }

    /// <summary>Reconstructs attenuation μ (1/mm) on <paramref name="grid"/>, index i + Nx·(j + Ny·k).</summary>
    /// <param name="scan">Projections and geometry.</param>
    /// <param name="grid">Where to reconstruct, in the scan frame.</param>
    /// <param name="filter">The filter (Ram-Lak by default).</param>
    /// <param name="device">Kernel launcher (<see cref="ComputeDevice.Shared"/> when null).</param>
    /// <param name="progress">Fraction of views back-projected.</param>
    /// <param name="cancellationToken">Cancels between batches of views.</param>
    /// <exception cref="ArgumentException">Invalid grid or filter.</exception>
    public static float[] ReconstructAttenuation(CtScan scan, ReconstructionGrid grid,
        ReconstructionFilter filter = ReconstructionFilter.RamLak, ComputeDevice? device = null,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        if (!Enum.IsDefined(filter)) throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown filter.");
        var filtered = Filter(scan, filter, cancellationToken);
        return TomographyKernels.BackProject(device ?? ComputeDevice.Shared, scan.Geometry, grid, filtered, progress,
            cancellationToken);
    }

    /// <summary>Steps (1) and (2): the weighted, ramp-filtered projections (a new array).</summary>
    internal static float[] Filter(CtScan scan, ReconstructionFilter filter,
        CancellationToken cancellationToken)
    {
        var g = scan.Geometry;
        var filtered = (float[])scan.Values.Clone();
        var spacing = g.PixelPitchUMm;
        if (g.Beam != BeamKind.Parallel)
        {
            var weights = CosineWeights(g);
            for (var n = 0; n < filtered.Length; n++) filtered[n] *= weights[n % weights.Length];
            spacing *= g.SourceIsocentreMm / g.SourceDetectorMm;
        }
        var response = ProjectionFilter.Response(ProjectionFilter.PaddedLength(g.DetectorColumns), filter);
        ProjectionFilter.FilterLines(filtered, g.DetectorColumns, response, (float)(1 / spacing), cancellationToken);
        return filtered;
    }

    /// <summary>FDK's pre-weight D_sd/√(D_sd² + u² + v²) per detector pixel (row × column).</summary>
    private static float[] CosineWeights(ScanGeometry g)
    {
        var w = new float[g.DetectorRows * g.DetectorColumns];
        var sd = g.SourceDetectorMm;
        for (var r = 0; r < g.DetectorRows; r++)
        {
            var v = (r - 0.5 * (g.DetectorRows - 1)) * g.PixelPitchVMm + g.OffsetVMm;
            for (var c = 0; c < g.DetectorColumns; c++)
            {
                var u = (c - 0.5 * (g.DetectorColumns - 1)) * g.PixelPitchUMm + g.OffsetUMm;
                w[r * g.DetectorColumns + c] = (float)(sd / Math.Sqrt(sd * sd + u * u + v * v));
            }
        }
        return w;
    }
}
