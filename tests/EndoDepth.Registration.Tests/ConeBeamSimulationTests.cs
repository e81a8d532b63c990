using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;

namespace EndoDepth.Registration.Tests;

/// <summary>The simulated cone-beam CT the end-to-end trials register against.</summary>
public class ConeBeamSimulationTests
{
    [Fact]
    public void The_fdk_reconstruction_overlays_the_true_ct_and_keeps_air_and_tissue_apart()
    {
        var truth = ColonPhantom.Generate(null, 3).CreateCtVolume(new ColonCtSettings { MaxDimension = 40 });
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        var ct = new ConeBeamSimulation(Views: 120, Columns: 96, Rows: 72, Photons: 1e6).Reconstruct(truth, 5, device);
        Assert.Equal((truth.Nx, truth.Ny, truth.Nz), (ct.Nx, ct.Ny, ct.Nz));
        Assert.Equal(truth.Origin, ct.Origin);
        Assert.Equal(truth.Spacing, ct.Spacing);
        // Voxels the truth calls air (lumen, outside) and tissue (≥ 0 HU) stay on their side of the opacity ramp's
        // middle (−500 HU) in the reconstruction, in the central slab where the cone samples every voxel fully.
        int[] agree = [0, 0], total = [0, 0];
        for (var k = truth.Nz / 4; k < 3 * truth.Nz / 4; k++)
            for (var j = 0; j < truth.Ny; j++)
                for (var i = 0; i < truth.Nx; i++)
                {
                    var t = truth[i, j, k];
                    if (t is > -900 and < 0) continue; // partial-volume voxels at the wall
                    var tissue = t >= 0 ? 1 : 0;
                    total[tissue]++;
                    if ((ct[i, j, k] > -500) == (tissue == 1)) agree[tissue]++;
                }
        for (var c = 0; c < 2; c++)
            Assert.True(total[c] > 150 && agree[c] >= 0.95 * total[c],
                $"{(c == 1 ? "tissue" : "air")}: {agree[c]} of {total[c]} voxels on the right side");
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConeBeamSimulation(Views: 2).Validate());
        Assert.Throws<ArgumentException>(() => new ConeBeamSimulation(Rows: 0).Validate());
        Assert.Throws<ArgumentException>(() => new ConeBeamSimulation(Photons: double.NaN).Validate());
        Assert.Throws<ArgumentException>(() => new TrialSettings { ConeBeam = new ConeBeamSimulation(Views: 1) }
            .Validate());
    }
}
