using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Tomography;
using EndoDepth.Volumes;
using Xunit.Abstractions;

namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>FDK on a small version of the procedural colon phantom's CT: the HU volume comes back inside the cone's
/// support.</summary>
public sealed class ColonPhantomFdkTests(ITestOutputHelper output)
{
    [Fact]
    public void Fdk_of_simulated_cone_beam_projections_reproduces_the_phantom_hu_inside_the_support()
    {
        var ct = ColonPhantom.Generate(null, 3).CreateCtVolume(new ColonCtSettings { MaxDimension = 48 });
        var device = new ComputeDevice(ComputeBackend.ParallelFor);
        // Detector wide enough for the whole volume; D_so four half-diagonals away keeps the cone angle small.
        var half = 0.5 * Math.Sqrt(Math.Pow(ct.Nx * ct.Spacing.X, 2) + Math.Pow(ct.Ny * ct.Spacing.Y, 2));
        var so = 4 * half;
        var sd = 2 * so;
        var pitch = 2 * ct.Spacing.X;
        var columns = (int)Math.Ceiling(2 * half * sd / (so - half) / pitch) + 2;
        var rows = (int)Math.Ceiling(ct.Nz * ct.Spacing.Z * sd / (so - half) / pitch) + 2;
        var geometry = ScanGeometry.Cone(columns, rows, ScanGeometry.EvenlySpacedAngles(90), so, sd, pitch, pitch);
        var scan = ForwardProjector.Project(ct, geometry, device: device);
        var recon = FilteredBackProjection.Reconstruct(scan, ReconstructionGrid.Of(ct), placement: ct, device: device);
        Assert.Equal(ct.Origin, recon.Origin);

        // Support: voxels inside the inscribed cylinder, away from the top and bottom slices (which the cone does not
        // cover from every view), and not within a voxel of a tissue edge (Joseph and the back-projector both
        // interpolate linearly, so an edge is blurred by about one voxel).
        double sum = 0;
        var count = 0;
        for (var k = 3; k < ct.Nz - 3; k++)
            for (var j = 1; j < ct.Ny - 1; j++)
                for (var i = 1; i < ct.Nx - 1; i++)
                {
                    var x = (i - 0.5 * (ct.Nx - 1)) / (0.5 * ct.Nx);
                    var y = (j - 0.5 * (ct.Ny - 1)) / (0.5 * ct.Ny);
                    if (x * x + y * y > 0.8) continue;
                    if (Spread(ct, i, j, k) > 200) continue;
                    sum += Math.Abs(recon[i, j, k] - ct[i, j, k]);
                    count++;
                }
        var mean = sum / count;
        output.WriteLine($"{ct}; detector {columns}×{rows}, {count} support voxels, mean |HU error| {mean:F1}");
        Assert.True(count > 1000, $"only {count} support voxels");
        // 90 views of a 48³ volume with −1000/40/−100 HU tissue: mean |error| ≤ 30 HU (measured in the report).
        Assert.True(mean <= 30, $"mean |HU error| {mean:F1}");
    }

    /// <summary>Largest HU difference between a voxel and its 6 neighbours.</summary>
    private static float Spread(CtVolume v, int i, int j, int k)
    {
        var c = v[i, j, k];
        return new[] { v[i - 1, j, k], v[i + 1, j, k], v[i, j - 1, k], v[i, j + 1, k], v[i, j, k - 1], v[i, j, k + 1] }
            .Max(n => Math.Abs(n - c));
    }
}
