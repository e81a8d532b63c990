using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;

namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>The AVX2 back-projector computes what the scalar kernel body computes (an invariant of the two).</summary>
public sealed class BackProjectionOctetTests
{
    /// <summary>Parallel beams take the window path (|Δc| ≤ 1.75 px per voxel: 1.1 mm voxels, 1.5 mm pixels) or gathers
    /// (4 mm voxels: 2.7 px), with views on both sides of 90° (columns ascending and descending along a row), over
    /// several detector rows (interpolated between rows) or one (2-D).</summary>
    [Theory]
    [InlineData(BeamKind.Cone, 18, 1.1f)]
    [InlineData(BeamKind.Parallel, 18, 1.1f)]
    [InlineData(BeamKind.Parallel, 18, 4f)]
    [InlineData(BeamKind.Parallel, 1, 1.1f)]
    public void Octets_equal_the_scalar_kernel_body(BeamKind beam, int rows, float voxelMm)
    {
        if (!BackProjectionOctets.IsSupported) return; // nothing to compare on this CPU
        // A 21-voxel row (two octets and a scalar tail), an off-centre grid larger than the detector's view.
        var geometry = beam == BeamKind.Cone
            ? ScanGeometry.Cone(24, rows, ScanGeometry.EvenlySpacedAngles(7), 60, 120, 2, 2, 0.7, -1.3)
            : ScanGeometry.Parallel(24, ScanGeometry.EvenlySpacedAngles(7, 180), 1.5, 0.4, rows: rows);
        var grid = rows == 1
            ? new ReconstructionGrid(21, 13, 1, new Float3(voxelMm, 0.9f, 1), new Float3(2, -1, 0))
            : new ReconstructionGrid(21, 13, 11, new Float3(voxelMm, 0.9f, 1.3f), new Float3(2, -1, 0.5f));
        var filtered = new float[geometry.ValueCount];
        var rng = new Random(5);
        for (var n = 0; n < filtered.Length; n++) filtered[n] = (float)rng.NextDouble() - 0.3f;
        var (cos, sin) = geometry.Trigonometry();
        var scalar = new float[grid.VoxelCount];
        ParallelLauncher.RunSequential(grid.Ny * grid.Nz, new BackProjectionBody<HostView<float>>
        {
            Scan = geometry.ToParams(), Grid = grid.ToParams(), Cos = new(cos), Sin = new(sin),
            Filtered = new(filtered), Volume = new(scalar), FirstView = 0, ViewCount = geometry.Views, Scale = 0.5f,
        });
        var octets = new float[grid.VoxelCount];
        BackProjectionOctets.Run(geometry.ToParams(), grid.ToParams(), cos, sin, filtered, octets, 0, geometry.Views,
            0.5f, CancellationToken.None);
        Assert.Contains(scalar, v => v != 0f);
        for (var n = 0; n < scalar.Length; n++)
            Assert.True(Math.Abs(scalar[n] - octets[n]) <= 1e-5f * (1 + Math.Abs(scalar[n])),
                $"voxel {n}: scalar {scalar[n]}, octets {octets[n]}");
    }
}
