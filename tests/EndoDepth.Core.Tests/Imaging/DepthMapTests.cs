using EndoDepth.Geometry;
using EndoDepth.Imaging;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

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

    [Property(MaxTest = 50)]
    public Property Radial_conversion_matches_the_unprojected_point_on_a_fisheye(PositiveInt seed)
    {
        // Radial distance of pixel (x, y) = |UnprojectZDepth(u, v, z)|: the camera-frame point's distance from the
        // centre.
        var cam = CameraModel.Fisheye(24, 18, 160f);
        var rng = new Random(seed.Get);
        var z = new DepthMap(24, 18, Enumerable.Range(0, 24 * 18).Select(_ => (float)(5 + 95 * rng.NextDouble()))
            .ToArray());
        var radial = z.ToKind(DepthKind.Radial, cam);
        var back = radial.ToKind(DepthKind.ZDepth, cam);
        var ok = true;
        for (var y = 0; y < 18; y++)
            for (var x = 0; x < 24; x++)
            {
                if (!cam.Unproject(x + 0.5f, y + 0.5f, out _)) continue;
                var p = cam.UnprojectZDepth(x + 0.5f, y + 0.5f, z[x, y]);
                var r = MathF.Sqrt(p.X * p.X + p.Y * p.Y + p.Z * p.Z);
                ok &= MathF.Abs(r - radial[x, y]) <= 1e-4f * r;
                ok &= MathF.Abs(back[x, y] - z[x, y]) <= 1e-4f * z[x, y];
            }
        return ok.ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property Eight_bit_bytes_round_trip_exactly(byte[] bytes, bool rgb)
    {
        var c = rgb ? 3 : 1;
        var n = bytes.Length / c;
        if (n == 0) return true.ToProperty();
        var data = bytes.AsSpan(0, n * c).ToArray();
        var img = ImageF.FromBytes(data, n, 1, c);
        return img.ToBytes().SequenceEqual(data).ToProperty();
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
