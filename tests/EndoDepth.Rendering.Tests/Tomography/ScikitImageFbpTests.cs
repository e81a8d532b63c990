using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;
using Xunit.Abstractions;

namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>
/// Against scikit-image 0.19.3 (Debian python3-skimage): <c>iradon</c> and <c>radon</c> outputs written by
/// tests/fixtures/tomography/make_tomography_fixtures.py.
/// </summary>
public sealed class ScikitImageFbpTests(ITestOutputHelper output)
{
    private static readonly ComputeDevice Device = new(ComputeBackend.ParallelFor);

    [Theory]
    [InlineData("even64", "ramp", ReconstructionFilter.RamLak, null)]
    [InlineData("even64", "shepp-logan", ReconstructionFilter.SheppLogan, null)]
    [InlineData("even64", "cosine", ReconstructionFilter.Cosine, null)]
    [InlineData("even64", "hamming", ReconstructionFilter.Hamming, null)]
    [InlineData("even64", "hann", ReconstructionFilter.Hann, null)]
    [InlineData("odd45", "ramp", ReconstructionFilter.RamLak, 50)]
    public void Fbp_matches_iradon(string name, string skimageFilter, ReconstructionFilter filter, int? size)
    {
        var (image, side) = ScikitImageFbp.ReconstructFiles(TomographyFixtures.Path($"{name}_sinogram.npy"),
            TomographyFixtures.Path($"{name}_angles.npy"), size, filter, Device);
        var expected = NpyFile.Read(TomographyFixtures.Path($"{name}_iradon_{skimageFilter}.npy"));
        Assert.Equal([side, side], expected.Shape.Select(s => (int)s));
        double worst = 0, peak = 0;
        for (var n = 0; n < image.Length; n++)
        {
            worst = Math.Max(worst, Math.Abs(image[n] - expected.Values[n]));
            peak = Math.Max(peak, Math.Abs(expected.Values[n]));
        }
        output.WriteLine($"{name} {skimageFilter}: max |difference| {worst:E2} of peak {peak:F3}");
        // Same grid, filter and interpolation; float32 FFTs and sums against float64: ≤ 1e-5 of the peak (measured ≤ 1.5e-6).
        Assert.True(worst <= 1e-5 * peak, $"max difference {worst:E2}, peak {peak:F3}");
    }

    [Theory]
    [InlineData("even64")]
    [InlineData("odd45")]
    public void Joseph_parallel_projection_matches_radon_within_interpolation_error(string name)
    {
        var image = NpyFile.Read(TomographyFixtures.Path($"{name}_image.npy"));
        var angles = NpyFile.Read(TomographyFixtures.Path($"{name}_angles.npy")).Values;
        var sinogram = NpyFile.Read(TomographyFixtures.Path($"{name}_sinogram.npy"));
        var side = (int)image.Shape[0];
        // radon's axis is at index side//2 for both the image and the detector (docs/tomography.md).
        var geometry = ScanGeometry.Parallel(side, angles, 1, 0.5 * (side - 1) - side / 2);
        var shift = 0.5f * (side - 1) - side / 2;
        var grid = new ReconstructionGrid(side, side, 1, new Float3(1, 1, 1), new Float3(shift, shift, 0));
        var projected = ForwardProjector.ProjectAttenuation(image.ToFloat32(), grid, geometry, Device).Values;
        double sq = 0, peak = 0;
        for (var d = 0; d < side; d++)
            for (var v = 0; v < angles.Length; v++)
            {
                var e = projected[v * side + d] - sinogram.Values[d * angles.Length + v];
                sq += e * e;
                peak = Math.Max(peak, Math.Abs(sinogram.Values[d * angles.Length + v]));
            }
        var rms = Math.Sqrt(sq / projected.Length);
        output.WriteLine($"{name}: RMS difference {rms:E3}, peak {peak:F3}, relative {rms / peak:P3}");
        // radon rotates the image (bilinear warp) and sums columns; Joseph interpolates across the dominant axis:
        // the same line integrals up to interpolation error, RMS ≤ 1 % of the peak.
        Assert.True(rms <= 0.01 * peak, $"relative RMS {rms / peak:P3}");
    }
}
