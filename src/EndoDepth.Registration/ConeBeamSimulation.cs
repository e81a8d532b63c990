using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;
using EndoDepth.Volumes;

namespace EndoDepth.Registration;

/// <summary>
/// The CT a registration meets in practice, simulated (issue: end to end): the true CT is scanned by a circular
/// cone beam with Poisson noise and reconstructed by FDK on the same grid and in the same place, so the registered
/// CT carries reconstruction noise and cone-beam artefacts while the exact depth still comes from the true one.
/// </summary>
/// <param name="Views">Projections over 360°. Default 360.</param>
/// <param name="Columns">Detector columns. Default 256.</param>
/// <param name="Rows">Detector rows. Default 192.</param>
/// <param name="Photons">Unattenuated photons per detector pixel N₀ (0: noise-free). Default 10⁵.</param>
public sealed record ConeBeamSimulation(int Views = 360, int Columns = 256, int Rows = 192, double Photons = 1e5)
{
    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Views is < 8 or > 4096) throw new ArgumentException($"Views must be in 8..4096, got {Views}.");
        if (Columns is < 8 or > 4096 || Rows is < 1 or > 4096)
            throw new ArgumentException($"The detector must be 8..4096 columns × 1..4096 rows, got {Columns}×{Rows}.");
        if (!(Photons >= 0) || double.IsInfinity(Photons))
            throw new ArgumentException($"Photons must be finite and ≥ 0, got {Photons}.");
    }

    /// <summary>Scans <paramref name="truth"/> and reconstructs it by FDK on its own grid (HU, same origin and axes).
    /// </summary>
    /// <param name="truth">The CT to scan.</param>
    /// <param name="seed">Seed of the photon noise.</param>
    /// <param name="device">Kernel launcher, borrowed (<see cref="ComputeDevice.Shared"/> when null).</param>
    /// <param name="cancellationToken">Cancels between batches of views.</param>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public CtVolume Reconstruct(CtVolume truth, int seed, ComputeDevice? device = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(truth);
        Validate();
        var geometry = ScanGeometry.Covering(truth, BeamKind.Cone, Views, Columns, Rows);
        var scan = ForwardProjector.Project(truth, geometry, new ProjectionSettings { Photons = Photons, Seed = seed },
            device, null, cancellationToken);
        return FilteredBackProjection.Reconstruct(scan, ReconstructionGrid.Of(truth), null, truth, device, null,
            cancellationToken);
    }
}
