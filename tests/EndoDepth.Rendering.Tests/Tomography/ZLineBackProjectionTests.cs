using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;

namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>The z-line back-projectors compute what the row kernel body computes (the formula's reference), in both
/// layouts, and the AVX2 z-line path what the scalar z-line body computes (invariants of the implementations).</summary>
public sealed class ZLineBackProjectionTests
{
    /// <summary>A 21 × 13 × 19 grid (two octets and a tail of three per line), off-centre and larger than the detector's
    /// view, so that lines enter and leave the detector; slices 1.3 mm (row steps ≈ 1.3 px: the permute window) or
    /// 4 mm (≈ 4 px: gathers).</summary>
    private static (ScanGeometry Geometry, ReconstructionGrid Grid, float[] Filtered) Case(BeamKind beam, float sliceMm)
    {
        var geometry = beam == BeamKind.Cone
            ? ScanGeometry.Cone(24, 18, ScanGeometry.EvenlySpacedAngles(7), 60, 120, 2, 2, 0.7, -1.3)
            : ScanGeometry.Parallel(24, ScanGeometry.EvenlySpacedAngles(7, 180), 1.5, 0.4, rows: 18);
        var grid = new ReconstructionGrid(21, 13, 19, new Float3(1.1f, 0.9f, sliceMm), new Float3(2, -1, 0.5f));
        var filtered = new float[geometry.ValueCount];
        var rng = new Random(5);
        for (var n = 0; n < filtered.Length; n++) filtered[n] = (float)rng.NextDouble() - 0.3f;
        return (geometry, grid, filtered);
    }

    private static float[] RowKernel(ScanGeometry geometry, ReconstructionGrid grid, float[] filtered)
    {
        var (cos, sin) = geometry.Trigonometry();
        var volume = new float[grid.VoxelCount];
        ParallelLauncher.RunSequential(grid.Ny * grid.Nz, new BackProjectionBody<HostView<float>>
        {
            Scan = geometry.ToParams(), Grid = grid.ToParams(), Cos = new(cos), Sin = new(sin),
            Filtered = new(filtered), Volume = new(volume), FirstView = 0, ViewCount = geometry.Views, Scale = 0.5f,
        });
        return volume;
    }

    private static float[] ZLineScalar(ScanGeometry geometry, ReconstructionGrid grid, float[] filtered,
        BackProjectionLayout layout)
    {
        var (cos, sin) = geometry.Trigonometry();
        var volume = new float[grid.VoxelCount];
        ParallelLauncher.RunSequential(grid.Nx * grid.Ny, new ZLineBackProjectionBody<HostView<float>>
        {
            Scan = geometry.ToParams(), Grid = grid.ToParams(), Layout = layout, Cos = new(cos), Sin = new(sin),
            Filtered = new(filtered), Volume = new(volume), FirstView = 0, ViewCount = geometry.Views, Scale = 0.5f,
        });
        return volume;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Contains(expected, v => v != 0f);
        for (var n = 0; n < expected.Length; n++)
            Assert.True(Math.Abs(expected[n] - actual[n]) <= 1e-5f * (1 + Math.Abs(expected[n])),
                $"{what}, voxel {n}: expected {expected[n]}, got {actual[n]}");
    }

    [Theory]
    [InlineData(BeamKind.Cone, 1.3f)]
    [InlineData(BeamKind.Cone, 4f)]
    [InlineData(BeamKind.Parallel, 1.3f)]
    public void Z_lines_equal_the_row_kernel_in_both_layouts(BeamKind beam, float sliceMm)
    {
        var (geometry, grid, filtered) = Case(beam, sliceMm);
        var reference = RowKernel(geometry, grid, filtered);
        var g = grid.ToParams();
        var s = geometry.ToParams();
        AssertClose(reference, ZLineScalar(geometry, grid, filtered, BackProjectionLayout.Natural(g, s)), "natural");
        var columnMajor = BlockTranspose.ViewsToColumnMajor(filtered, geometry.Views, geometry.DetectorRows,
            geometry.DetectorColumns);
        var zMajor = ZLineScalar(geometry, grid, columnMajor, BackProjectionLayout.ZMajor(g, s));
        AssertClose(reference, BlockTranspose.ZMajorToNatural(zMajor, grid.Nx, grid.Ny, grid.Nz), "z-major");
    }

    [Theory]
    [InlineData(BeamKind.Cone, 1.3f)]
    [InlineData(BeamKind.Cone, 4f)]
    [InlineData(BeamKind.Parallel, 1.3f)]
    public unsafe void Octets_equal_the_scalar_z_line_body(BeamKind beam, float sliceMm)
    {
        if (!ZLineOctets.IsSupported) return; // nothing to compare on this CPU
        var (geometry, grid, filtered) = Case(beam, sliceMm);
        var g = grid.ToParams();
        var s = geometry.ToParams();
        var columnMajor = BlockTranspose.ViewsToColumnMajor(filtered, geometry.Views, geometry.DetectorRows,
            geometry.DetectorColumns);
        var scalar = ZLineScalar(geometry, grid, columnMajor, BackProjectionLayout.ZMajor(g, s));
        var (cos, sin) = geometry.Trigonometry();
        var octets = new float[grid.VoxelCount];
        fixed (float* q = columnMajor)
        fixed (float* v = octets)
            ParallelLauncher.RunSequential(grid.Nx * grid.Ny, new ZLineOctetBody
            {
                Scan = s, Grid = g, Cos = cos, Sin = sin, Filtered = q, Volume = v, FirstView = 0,
                ViewCount = geometry.Views, Scale = 0.5f,
            });
        AssertClose(scalar, octets, "octets");
    }

    [Fact]
    public void Transposes_invert_each_other()
    {
        var values = Enumerable.Range(0, 5 * 17 * 19).Select(n => (float)n).ToArray();
        var t = BlockTranspose.ViewsToColumnMajor(values, 5, 17, 19);
        Assert.Equal(values[(2 * 17 + 3) * 19 + 11], t[(2 * 19 + 11) * 17 + 3]);
        // A z-major volume (k fastest) of 19 × 17 × 5 back to i fastest.
        var natural = BlockTranspose.ZMajorToNatural(values, 19, 17, 5);
        Assert.Equal(values[4 + 5 * (7 + 19 * 13)], natural[7 + 19 * (13 + 17 * 4)]);
    }
}
