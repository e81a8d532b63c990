using System.Buffers.Binary;
using System.Text;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.Imaging;

/// <summary>Back-projection of depth maps to points, and their PLY files, against analytic cases.</summary>
public sealed class PointCloudTests
{
    [Fact]
    public void A_plane_at_constant_z_depth_seen_by_a_pinhole_gives_the_points_of_the_inverse_intrinsics()
    {
        // fx = 2, fy = 4, principal point (2, 1.5): pixel (i, j) → ((i + 0.5 − 2)/2 · z, (j + 0.5 − 1.5)/4 · z, z).
        const float z = 10f;
        var camera = new CameraModel(ProjectionKind.Pinhole, 4, 3, 2f, 4f, 2f, 1.5f, 85f * MathF.PI / 180f);
        var depth = new DepthMap(4, 3, Enumerable.Repeat(z, 12).ToArray());
        var cloud = PointCloud.FromDepth(depth, camera);
        Assert.Equal(12, cloud.Points.Count);
        for (var j = 0; j < 3; j++)
            for (var i = 0; i < 4; i++)
            {
                var p = cloud.Points[j * 4 + i];
                Assert.Equal((i + 0.5f - 2f) / 2f * z, p.X, 4);
                Assert.Equal((j + 0.5f - 1.5f) / 4f * z, p.Y, 4);
                Assert.Equal(z, p.Z, 4);
            }
    }

    [Fact]
    public void An_equidistant_fisheye_pixel_at_radius_f_times_60_degrees_looks_60_degrees_off_axis()
    {
        // Principal point on the centre of pixel (0, 0); pixel (2, 0) lies 2 px right of it, and f = 2 / (π/3) puts
        // it at θ = r / f = 60°. A radial distance of 10 mm there is (10 sin 60°, 0, 10 cos 60°); a z-depth of 5 mm
        // (= 10 cos 60°) is the same point.
        var f = 2f / (MathF.PI / 3f);
        var camera = new CameraModel(ProjectionKind.EquidistantFisheye, 3, 1, f, f, 0.5f, 0.5f,
            85f * MathF.PI / 180f);
        var radial = new DepthMap(3, 1, [10f, 10f, 10f], kind: DepthKind.Radial);
        var p = PointCloud.FromDepth(radial, camera).Points[2];
        Assert.Equal(10f * MathF.Sin(MathF.PI / 3f), p.X, 4);
        Assert.Equal(0f, p.Y, 4);
        Assert.Equal(5f, p.Z, 4);
        var zDepth = new DepthMap(3, 1, [5f, 5f, 5f]);
        var q = PointCloud.FromDepth(zDepth, camera).Points[2];
        Assert.Equal(p.X, q.X, 4);
        Assert.Equal(p.Z, q.Z, 4);
        Assert.Equal(new Float3(0, 0, 5f), PointCloud.FromDepth(zDepth, camera).Points[0]); // on the axis
    }

    [Fact]
    public void Invalid_pixels_give_no_point_and_colours_follow_the_valid_pixels()
    {
        var camera = CameraModel.Pinhole(2, 2, 90f);
        var depth = new DepthMap(2, 2, [1f, 0f, 3f, 4f]); // 0 = invalid
        var image = new ImageF(2, 2, 1, [0f, 0.2f, 0.5f, 1f]);
        var cloud = PointCloud.FromDepth(depth, camera, image);
        Assert.Equal(3, cloud.Points.Count);
        Assert.Equal([(0, 0, 0), (128, 128, 128), (255, 255, 255)],
            cloud.Colours!.Select(c => ((int)c.R, (int)c.G, (int)c.B)));
        Assert.Throws<ArgumentException>(() => PointCloud.FromDepth(depth, CameraModel.Pinhole(3, 2, 90f)));
    }

    [Fact]
    public void The_ply_file_declares_its_vertices_and_stores_them_little_endian_after_the_header()
    {
        var camera = new CameraModel(ProjectionKind.Pinhole, 2, 1, 1f, 1f, 1f, 0.5f, 85f * MathF.PI / 180f);
        var cloud = PointCloud.FromDepth(new DepthMap(2, 1, [2f, 4f]), camera, new ImageF(2, 1, 3,
            [1f, 0f, 0f, 1f, 0f, 0f])); // planar R, G, B planes: pixel 0 red, pixel 1 green
        using var s = new MemoryStream();
        PlyFile.Write(s, cloud);
        var bytes = s.ToArray();
        var end = Encoding.ASCII.GetBytes("end_header\n");
        var at = bytes.AsSpan().IndexOf(end) + end.Length;
        var header = Encoding.ASCII.GetString(bytes, 0, at);
        Assert.StartsWith("ply\nformat binary_little_endian 1.0\n", header, StringComparison.Ordinal);
        Assert.Contains("element vertex 2\nproperty float x\nproperty float y\nproperty float z\n" +
            "property uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n", header,
            StringComparison.Ordinal);
        Assert.Equal(at + 2 * 15, bytes.Length);
        // Pixel 0: u = 0.5 → x = (0.5 − 1)/1 · 2 = −1, y = 0, z = 2; pixel 1: x = (1.5 − 1) · 4 = 2, z = 4.
        float F(int offset) => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at + offset));
        Assert.Equal([-1f, 0f, 2f], [F(0), F(4), F(8)]);
        Assert.Equal([255, 0, 0], bytes[(at + 12)..(at + 15)].Select(b => (int)b));
        Assert.Equal([2f, 0f, 4f], [F(15), F(19), F(23)]);
        Assert.Equal([0, 255, 0], bytes[(at + 27)..(at + 30)].Select(b => (int)b));
    }
}
