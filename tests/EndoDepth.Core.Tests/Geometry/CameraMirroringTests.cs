using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Core.Tests.Geometry;

/// <summary>
/// The invariant that defines a mirrored camera: its pixel (W − u, v) (or (u, H − v)) sees the original
/// pixel (u, v)'s ray with x (or y) negated, for every lens model (the calibrated fixtures carry tangential terms and
/// a stretch matrix, so the sign rules are exercised); and the same for the transposed camera with x and y swapped.
/// </summary>
public class CameraMirroringTests
{
    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in LensRoundTripTests.Cameras)
            foreach (var (h, v) in new[] { (true, false), (false, true), (true, true) })
                data.Add(name, h, v);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_mirrored_camera_sees_the_mirrored_ray_at_the_mirrored_pixel(string name, bool h, bool v)
    {
        var cam = LensRoundTripTests.Camera(name);
        var mirrored = cam.Mirrored(h, v);
        var step = Math.Max(1f, cam.Width / 41f);
        var worst = 0f;
        for (var y = 0.25f; y < cam.Height; y += step)
            for (var x = 0.25f; x < cam.Width; x += step)
            {
                var inside = cam.Unproject(x, y, out var d);
                var mirroredInside = mirrored.Unproject(h ? cam.Width - x : x, v ? cam.Height - y : y, out var m);
                var expected = new Float3(h ? -d.X : d.X, v ? -d.Y : d.Y, d.Z);
                worst = MathF.Max(worst, (m - expected).Length);
                if (MathF.Abs(d.Z - MathF.Cos(cam.MaxTheta)) > 1e-3f) Assert.Equal(inside, mirroredInside);
            }
        Assert.True(worst < 1e-5f, $"{name} ({h}, {v}): worst ray difference {worst}");
        Assert.Equal(cam, cam.Mirrored(h, v).Mirrored(h, v));
    }

    [Fact]
    public void Mirroring_an_image_or_a_depth_map_moves_each_pixel_to_its_mirror_and_twice_is_the_identity()
    {
        var (image, depth) = Numbered();
        var m = image.Mirrored(true, true);
        Assert.Equal(200 + 10 * 2 + 4, m[0, 0, 2]);
        Assert.Equal(image.Data, m.Mirrored(true, true).Data);
        var d = depth.Mirrored(true, false);
        Assert.Equal(1 + 10 * 1 + 4, d[0, 1]);
        Assert.False(d.IsValid(3, 2));
        Assert.Equal(depth.Millimetres, d.Mirrored(true, false).Millimetres);
        Assert.Equal(depth.Valid, d.Mirrored(true, false).Valid);
    }

    [Theory]
    [MemberData(nameof(LensRoundTripTests.Cameras), MemberType = typeof(LensRoundTripTests))]
    public void The_transposed_camera_sees_the_swapped_ray_at_the_swapped_pixel(string name)
    {
        var cam = LensRoundTripTests.Camera(name);
        var transposed = cam.Transposed();
        Assert.Equal((cam.Height, cam.Width), (transposed.Width, transposed.Height));
        var back = transposed.Transposed();
        var step = Math.Max(1f, cam.Width / 41f);
        float worst = 0f, worstBack = 0f;
        for (var y = 0.25f; y < cam.Height; y += step)
            for (var x = 0.25f; x < cam.Width; x += step)
            {
                var inside = cam.Unproject(x, y, out var d);
                var transposedInside = transposed.Unproject(y, x, out var t);
                back.Unproject(x, y, out var b);
                worst = MathF.Max(worst, (t - new Float3(d.Y, d.X, d.Z)).Length);
                worstBack = MathF.Max(worstBack, (b - d).Length);
                if (MathF.Abs(d.Z - MathF.Cos(cam.MaxTheta)) > 1e-3f) Assert.Equal(inside, transposedInside);
                // Projection is the inverse on the transposed camera too.
                if (inside && transposed.Project(new Float3(d.Y, d.X, d.Z), out var u, out var v))
                    Assert.True(MathF.Abs(u - y) < 2e-3f * cam.Width && MathF.Abs(v - x) < 2e-3f * cam.Width,
                        $"{name}: ({x}, {y}) projects to ({v}, {u}) after transposing");
            }
        Assert.True(worst < 1e-5f, $"{name}: worst ray difference {worst}");
        Assert.True(worstBack < 1e-5f, $"{name}: transposed twice, worst ray difference {worstBack}");
    }

    [Fact]
    public void Transposing_an_image_or_a_depth_map_swaps_the_axes_and_twice_is_the_identity()
    {
        var (image, depth) = Numbered();
        var t = image.Transposed();
        Assert.Equal((3, 5), (t.Width, t.Height));
        Assert.Equal(200 + 10 * 2 + 4, t[2, 4, 2]);
        Assert.Equal(image.Data, t.Transposed().Data);
        var d = depth.Transposed();
        Assert.Equal((3, 5), (d.Width, d.Height));
        Assert.Equal(1 + 10 * 1 + 4, d[1, 4]);
        Assert.False(d.IsValid(2, 1));
        Assert.Equal(depth.Millimetres, d.Transposed().Millimetres);
        Assert.Equal(depth.Valid, d.Transposed().Valid);
    }

    /// <summary>
    /// A 5 × 3 image whose value names its pixel (100·c + 10·y + x) and a depth map 1 + 10·y + x, invalid at (1,
    /// 2).
    /// </summary>
    private static (ImageF Image, DepthMap Depth) Numbered()
    {
        var image = new ImageF(5, 3, 3);
        var depth = new DepthMap(5, 3);
        for (var y = 0; y < 3; y++)
            for (var x = 0; x < 5; x++)
            {
                for (var c = 0; c < 3; c++) image[x, y, c] = 100 * c + 10 * y + x;
                if (x != 1 || y != 2) depth.Set(x, y, 1 + 10 * y + x);
            }
        return (image, depth);
    }
}
