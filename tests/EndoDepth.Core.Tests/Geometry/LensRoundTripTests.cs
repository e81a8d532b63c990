using EndoDepth.Geometry;
using EndoDepth.Geometry.Calibration;

namespace EndoDepth.Core.Tests.Geometry;

/// <summary>
/// Invariants of every lens model over its valid cone: project(unproject(u, v)) = (u, v) at every pixel of the image,
/// unproject(project(p)) = p/|p| over the cone, Resized scales pixels, and the valid cone stops before a fold.
/// </summary>
public class LensRoundTripTests
{
    public static TheoryData<string> Cameras => ["bc_vga", "bc_hd", "kb_140", "kb_170", "scaramuzza_c3vd",
        "scaramuzza_small", "pinhole", "equidistant"];

    internal static CameraModel Camera(string name) => name switch
    {
        "pinhole" => CameraModel.Pinhole(64, 48, 100f),
        "equidistant" => CameraModel.Fisheye(64, 48, 170f),
        _ => CameraCalibration.Load(RepoFixtures.Cameras(name + ".json")),
    };

    [Theory]
    [MemberData(nameof(Cameras))]
    public void Every_pixel_round_trips(string name)
    {
        var cam = Camera(name);
        var step = Math.Max(1f, cam.Width / 97f);
        var worst = 0f;
        for (var v = 0.25f; v < cam.Height; v += step)
            for (var u = 0.25f; u < cam.Width; u += step)
            {
                var inside = cam.Unproject(u, v, out var d);
                Assert.True(float.IsFinite(d.X) && float.IsFinite(d.Y) && float.IsFinite(d.Z));
                Assert.Equal(inside, cam.Project(d * 23f, out var pu, out var pv));
                if (inside) worst = MathF.Max(worst, MathF.Max(MathF.Abs(pu - u), MathF.Abs(pv - v)));
            }
        Assert.True(worst < 1e-3f, $"{name}: worst round trip {worst} px");
    }

    [Theory]
    [MemberData(nameof(Cameras))]
    public void Every_direction_in_the_cone_round_trips(string name)
    {
        var cam = Camera(name);
        var rng = new Random(16);
        var worst = 0.0;
        for (var i = 0; i < 3000; i++)
        {
            var theta = cam.MaxTheta * Math.Sqrt(rng.NextDouble()) * 0.9999;
            var phi = 2 * Math.PI * rng.NextDouble();
            var e = new Float3((float)(Math.Sin(theta) * Math.Cos(phi)), (float)(Math.Sin(theta) * Math.Sin(phi)),
                (float)Math.Cos(theta));
            Assert.True(cam.Project(e * 7f, out var u, out var v), $"{name}: θ = {theta} inside the cone");
            Assert.True(cam.Unproject(u, v, out var d));
            worst = Math.Max(worst, (d - e).Length);
        }
        Assert.True(worst < 2e-6, $"{name}: worst direction error {worst}");
    }

    [Theory]
    [MemberData(nameof(Cameras))]
    public void Resized_scales_the_pixels(string name)
    {
        var cam = Camera(name);
        var half = cam.Resized(cam.Width / 2, cam.Height / 2);
        var sx = (float)half.Width / cam.Width; var sy = (float)half.Height / cam.Height;
        Assert.Equal(cam.Kind, half.Kind);
        for (var theta = 0.05f; theta < cam.MaxTheta; theta += 0.1f)
        {
            var p = new Float3(MathF.Sin(theta) * 0.6f, MathF.Sin(theta) * 0.8f, MathF.Cos(theta));
            cam.Project(p, out var u, out var v);
            half.Project(p, out var hu, out var hv);
            Assert.Equal(u * sx, hu, 2e-3f);
            Assert.Equal(v * sy, hv, 2e-3f);
        }
    }

    [Theory]
    [MemberData(nameof(Cameras))]
    public void Save_then_load_gives_an_equal_camera(string name)
    {
        var cam = Camera(name);
        var path = Path.Combine(Path.GetTempPath(), $"endodepth-cam-{Guid.NewGuid():N}.json");
        try
        {
            CameraCalibration.Save(cam, path);
            var back = CameraCalibration.Load(path);
            Assert.Equal(cam, back);
            Assert.Equal(cam.GetHashCode(), back.GetHashCode());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_polynomial_that_folds_caps_the_cone_before_the_fold()
    {
        // θd = θ(1 − 0.2θ²) stops growing at θ = 1/√0.6 ≈ 74.0°: the cone may not pass it, and a pixel beyond the
        // largest θd is refused rather than folded back.
        var fold = 1 / Math.Sqrt(0.6);
        Assert.ThrowsAny<ArgumentException>(() => CameraModel.KannalaBrandt(100, 100, 50, 50, 50, 50, -0.2f, 0, 0, 0,
            maxTheta: (float)(80 * Math.PI / 180)));
        var cam = CameraModel.KannalaBrandt(100, 100, 50, 50, 50, 50, -0.2f, 0, 0, 0, maxTheta: (float)(70 * Math.PI / 180));
        var thetaDMax = 1 / Math.Sqrt(0.6) * (1 - 0.2 / 0.6);
        Assert.False(cam.Unproject(50f + (float)(thetaDMax * 50) + 2f, 50f, out var d));
        Assert.True(Math.Acos(d.Z) <= fold + 1e-3);
        // Without a given cone the image corners (θd = √2 ≈ 1.41 > θd max ≈ 0.86) lie past the fold.
        Assert.ThrowsAny<ArgumentException>(() => CameraModel.KannalaBrandt(100, 100, 50, 50, 50, 50, -0.2f, 0, 0, 0));
    }

    [Fact]
    public void Existing_kinds_keep_their_intrinsics_and_zero_lens_fields()
    {
        var cam = CameraModel.Fisheye(64, 48, 170f);
        Assert.Equal(0f, cam.K1 + cam.K2 + cam.K3 + cam.K4 + cam.P1 + cam.P2 + cam.A0 + cam.StretchC);
        Assert.Equal(new CameraModel(ProjectionKind.EquidistantFisheye, 64, 48, cam.Fx, cam.Fy, 32f, 24f,
            cam.MaxTheta), cam);
        // An equidistant Kannala–Brandt with zero coefficients is the equidistant fisheye.
        var kb = CameraModel.KannalaBrandt(64, 48, cam.Fx, cam.Fy, 32f, 24f, 0, 0, 0, 0, cam.MaxTheta);
        for (var u = 0.5f; u < 64; u += 7f)
        {
            cam.Unproject(u, 11.5f, out var a);
            kb.Unproject(u, 11.5f, out var b);
            Assert.True((a - b).Length < 1e-6f);
        }
    }
}
