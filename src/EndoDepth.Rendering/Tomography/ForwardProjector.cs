using EndoDepth.Rendering.Compute;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// Simulated CT scans: line integrals of attenuation through a volume for every detector pixel of a
/// <see cref="ScanGeometry"/> (parallel, fan or cone beam), by Joseph's method (<see cref="JosephProjection"/>), with
/// optional photon-counting noise.
/// </summary>
public static class ForwardProjector
{
    /// <summary>
    /// Projects a HU volume: μ = <see cref="ProjectionSettings.Calibration"/>⁻¹(HU), clipped at 0, on the volume's own
    /// grid centred on the isocentre (its i, j, k axes are the scan's x, y, z; z is the rotation axis); then adds
    /// Poisson noise when <see cref="ProjectionSettings.Photons"/> &gt; 0.
    /// </summary>
    /// <param name="volume">The HU volume.</param>
    /// <param name="geometry">The scan.</param>
    /// <param name="settings">Calibration and noise (defaults: water 0.0193/mm, noise-free).</param>
    /// <param name="device">Kernel launcher (<see cref="ComputeDevice.Shared"/> when null).</param>
    /// <param name="progress">Fraction of views projected.</param>
    /// <param name="cancellationToken">Cancels between batches of views.</param>
    /// <exception cref="ArgumentException">Invalid geometry or settings.</exception>
    public static CtScan Project(CtVolume volume, ScanGeometry geometry, ProjectionSettings? settings = null,
        ComputeDevice? device = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        settings ??= new ProjectionSettings();
        settings.Calibration.Validate();
        if (!(settings.Photons >= 0) || !double.IsFinite(settings.Photons))
            throw new ArgumentException($"Photons must be ≥ 0 and finite, got {settings.Photons}.",
                nameof(settings));
        var hu = volume.AsFloat32();
        var mu = new float[hu.Length];
        for (var n = 0; n < mu.Length; n++) mu[n] = MathF.Max(0f, settings.Calibration.ToMu(hu[n]));
        var stack = ProjectAttenuation(mu, ReconstructionGrid.Of(volume), geometry, device, progress,
            cancellationToken);
        if (settings.Photons > 0)
            PoissonNoise.Apply(stack.Values, geometry.Views, settings.Photons, settings.Seed, cancellationToken);
        return stack;
    }

    /// <summary>Noise-free line integrals of attenuation <paramref name="mu"/> (1/mm) on
    /// <paramref name="grid"/>.</summary>
    /// <param name="mu">μ per voxel, index i + Nx·(j + Ny·k).</param>
    /// <param name="grid">Where the voxels lie in the scan frame.</param>
    /// <param name="geometry">The scan.</param>
    /// <param name="device">Kernel launcher (<see cref="ComputeDevice.Shared"/> when null).</param>
    /// <param name="progress">Fraction of views projected.</param>
    /// <param name="cancellationToken">Cancels between batches of views.</param>
    /// <exception cref="ArgumentException">Invalid geometry or grid, a size mismatch, or non-finite μ.</exception>
    public static CtScan ProjectAttenuation(float[] mu, ReconstructionGrid grid, ScanGeometry geometry,
        ComputeDevice? device = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        grid.Validate();
        if (mu.LongLength != grid.VoxelCount)
            throw new ArgumentException($"{mu.LongLength} attenuation values for a grid of {grid.VoxelCount} voxels.",
                nameof(mu));
        foreach (var m in mu)
            if (!float.IsFinite(m)) throw new ArgumentException("Attenuation holds NaN or ∞.", nameof(mu));
        var values = TomographyKernels.Project(device ?? ComputeDevice.Shared, geometry, grid, mu, progress,
            cancellationToken);
        return new CtScan(geometry, values);
    }
}
