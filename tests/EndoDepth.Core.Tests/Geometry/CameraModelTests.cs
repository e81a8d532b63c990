using EndoDepth.Geometry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EndoDepth.Core.Tests.Geometry;

public class CameraModelTests
{
    [Theory]
    [InlineData(ProjectionKind.Pinhole, 90f)]
    [InlineData(ProjectionKind.EquidistantFisheye, 120f)]
    [InlineData(ProjectionKind.EquidistantFisheye, 170f)]
    public void Unproject_then_project_returns_the_pixel(ProjectionKind kind, float fov)
    {
        var cam = CameraModel.Create(kind, 64, 48, fov);
        for (var v = 0.5f; v < 48; v += 3.7f)
            for (var u = 0.5f; u < 64; u += 2.9f)
            {
                // Rays beyond the valid cone (the corners of a 170° image) are flagged invalid both ways,
                // but the mapping stays an exact inverse.
                var inside = cam.Unproject(u, v, out var d);
                Assert.Equal(inside, cam.Project(d * 17f, out var pu, out var pv));
                Assert.Equal(u, pu, 2e-3f);
                Assert.Equal(v, pv, 2e-3f);
            }
    }

    [Fact]
    public void A_170_degree_fisheye_sees_the_whole_horizontal_line()
    {
        var cam = CameraModel.Fisheye(64, 48, 170f);
        for (var u = 0.5f; u < 64; u++) Assert.True(cam.Unproject(u, 24f, out _));
    }

    [Fact]
    public void Fisheye_maps_angle_linearly_to_radius()
    {
        // Equidistant: r = f·θ. A 170° camera 200 px wide puts 85° at the image's left and right edges.
        var cam = CameraModel.Fisheye(200, 200, 170f);
        var a = 85f * MathF.PI / 180f;
        Assert.True(cam.Project(new Float3(MathF.Sin(a), 0, MathF.Cos(a)), out var u, out _));
        Assert.Equal(200f, u, 1e-3f);
        Assert.True(cam.Project(new Float3(0, MathF.Sin(a / 2), MathF.Cos(a / 2)), out _, out var v));
        Assert.Equal(150f, v, 1e-3f);
    }

    [Property(MaxTest = 300)]
    public Property Project_then_unproject_recovers_the_direction(NormalFloat x, NormalFloat y, bool fisheye)
    {
        var cam = CameraModel.Create(fisheye ? ProjectionKind.EquidistantFisheye : ProjectionKind.Pinhole, 320, 240,
            fisheye ? 170f : 100f);
        var p = new Float3((float)(x.Get % 3), (float)(y.Get % 3), 1f);
        var ok = cam.Project(p, out var u, out var v);
        if (!ok) return true.ToProperty();
        cam.Unproject(u, v, out var d);
        var e = Float3.Normalize(p);
        return (MathF.Abs(d.X - e.X) < 1e-4f && MathF.Abs(d.Y - e.Y) < 1e-4f && MathF.Abs(d.Z - e.Z) < 1e-4f)
            .ToProperty();
    }
}
