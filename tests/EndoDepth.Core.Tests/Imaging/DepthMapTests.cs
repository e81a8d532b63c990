using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Core.Tests.Imaging;

public class DepthMapTests
{
    [Fact]
    public void Radial_depth_is_z_over_cos_theta_and_converts_back()
    {
        // A pinhole 90° camera 64 px wide has fx = 32: the ray through pixel centre (u, v) makes
        // cos θ = 1 / sqrt(1 + ((u − 32)/32)² + ((v − 24)/32)²) with the axis.
        var cam = CameraModel.Pinhole(64, 48, 90f);
        var z = new DepthMap(64, 48, Enumerable.Repeat(50f, 64 * 48).ToArray());
        var radial = z.ToKind(DepthKind.Radial, cam);
        Assert.Equal(DepthKind.Radial, radial.Kind);
        foreach (var (x, y) in new[] { (0, 0), (31, 23), (63, 10) })
        {
            double du = (x + 0.5 - cam.Cx) / cam.Fx, dv = (y + 0.5 - cam.Cy) / cam.Fy;
            Assert.Equal(50 * Math.Sqrt(1 + du * du + dv * dv), radial[x, y], 3);
        }
        var back = radial.ToKind(DepthKind.ZDepth, cam);
        for (var i = 0; i < back.Millimetres.Length; i++) Assert.Equal(50f, back.Millimetres[i], 3);
    }

    [Fact]
    public void Invalid_values_become_zero_and_are_masked()
    {
        var d = new DepthMap(4, 1, [1f, float.NaN, -2f, float.PositiveInfinity]);
        Assert.Equal([1f, 0f, 0f, 0f], d.Millimetres);
        Assert.Equal([true, false, false, false], d.Valid);
        Assert.Equal(1, d.ValidCount);
        var s = DepthStatistics.Of(d);
        Assert.Equal((1L, 1.0, 1.0, 1.0), (s.ValidCount, s.Min, s.Max, s.Mean));
        Assert.True(double.IsNaN(DepthStatistics.Of(new DepthMap(2, 2)).Mean));
    }

    [Fact]
    public void Absurd_sizes_are_refused_before_allocating()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DepthMap(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DepthMap(1 << 20, 1 << 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageF(5, 5, 2));
    }

    [Fact]
    public void Eight_bit_conversion_rounds_and_clamps()
    {
        var img = new ImageF(4, 1, 1, [-0.5f, 0.5f, 1.5f, float.NaN]);
        Assert.Equal([0, 128, 255, 0], img.ToBytes());
        var back = ImageF.FromBytes(new byte[] { 0, 128, 255, 7 }, 4, 1, 1);
        Assert.Equal([0f, 128 / 255f, 1f, 7 / 255f], back.Data);
    }
}
