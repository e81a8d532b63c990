using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tests.Compute;
using EndoDepth.Rendering.Tomography;

namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>The projection and back-projection kernel bodies compile and run under ILGPU (its CPU accelerator, the
/// same compiled kernel as on CUDA) and agree with the <c>Parallel.For</c> launcher.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class TomographyIlgpuTests(IlgpuCpuFixture fixture)
{
    [Fact]
    public void Cone_projection_and_fdk_agree_between_ilgpu_and_parallel_for()
    {
        const int n = 10;
        var mu = new float[n * n * n];
        for (var q = 0; q < mu.Length; q++) mu[q] = 0.01f * (1 + q % 7);
        var geometry = ScanGeometry.Cone(12, 10, ScanGeometry.EvenlySpacedAngles(6), 40, 80, 2, 2);
        var grid = ReconstructionGrid.Cube(n);
        using var cpu = new ComputeDevice(ComputeBackend.ParallelFor);
        var a = ForwardProjector.ProjectAttenuation(mu, grid, geometry, cpu);
        var b = ForwardProjector.ProjectAttenuation(mu, grid, geometry, fixture.Device);
        for (var q = 0; q < a.Values.Length; q++) Assert.Equal(a.Values[q], b.Values[q], 4);
        var ra = FilteredBackProjection.ReconstructAttenuation(a, grid, device: cpu);
        var rb = FilteredBackProjection.ReconstructAttenuation(a, grid, device: fixture.Device);
        for (var q = 0; q < ra.Length; q++) Assert.Equal(ra[q], rb[q], 4);
    }
}
