using EndoDepth.Geometry;
using EndoDepth.Geometry.Calibration;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.Geometry;

/// <summary>
/// The calibrated lens models against OpenCV 4.6 (cv2.projectPoints / undistortPointsIter, cv2.fisheye) and against
/// OCamCalib's cam2world and C3VD's ray map (Scaramuzza), written by tests/fixtures/cameras/make_camera_fixtures.py.
/// Fixture pixels use OpenCV's convention (centres at integers): EndoDepth's are +0.5.
/// </summary>
public class CameraFixtureTests
{
    /// <summary>Largest projection difference accepted (px): float32 arithmetic against OpenCV's double (measured ≤ 1.8e-4 px).</summary>
    public const double ProjectionTolerancePx = 1e-3;

    /// <summary>Largest ray difference accepted (radians; measured ≤ 3.6e-7).</summary>
    public const double RayToleranceRad = 2e-6;

    public static TheoryData<string> Sets => ["bc_vga", "bc_hd", "kb_140", "kb_170", "scaramuzza_c3vd",
        "scaramuzza_small"];

    private static double[][] Rows(string name)
    {
        var a = NpyFile.Read(RepoFixtures.Cameras(name));
        var cols = (int)a.Shape[1];
        return Enumerable.Range(0, (int)a.Shape[0]).Select(i => a.Values.AsSpan(i * cols, cols).ToArray()).ToArray();
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Projection_matches_the_reference(string set)
    {
        var camera = CameraCalibration.Load(RepoFixtures.Cameras(set + ".json"));
        var points = Rows(set + "_points.npy");
        var expected = Rows(set + "_projected.npy");
        var worst = 0.0;
        for (var i = 0; i < points.Length; i++)
        {
            var p = new Float3((float)points[i][0], (float)points[i][1], (float)points[i][2]);
            camera.Project(p, out var u, out var v);
            worst = Math.Max(worst, Math.Max(Math.Abs(u - (expected[i][0] + 0.5)), Math.Abs(v - (expected[i][1] + 0.5))));
        }
        Assert.True(worst <= ProjectionTolerancePx, $"{set}: worst projection difference {worst:G3} px");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Unprojection_matches_the_reference(string set)
    {
        var camera = CameraCalibration.Load(RepoFixtures.Cameras(set + ".json"));
        var pixels = Rows(set + "_pixels.npy");
        var rays = Rows(set + "_rays.npy");
        var worst = 0.0;
        for (var i = 0; i < pixels.Length; i++)
        {
            // Valid or not (C3VD's image corners look past 85°, beyond the valid cone), the ray is the model's.
            camera.Unproject((float)(pixels[i][0] + 0.5), (float)(pixels[i][1] + 0.5), out var d);
            var dot = d.X * rays[i][0] + d.Y * rays[i][1] + d.Z * rays[i][2];
            var cross = Math.Sqrt(Math.Pow(d.Y * rays[i][2] - d.Z * rays[i][1], 2) +
                Math.Pow(d.Z * rays[i][0] - d.X * rays[i][2], 2) + Math.Pow(d.X * rays[i][1] - d.Y * rays[i][0], 2));
            worst = Math.Max(worst, Math.Atan2(cross, dot));
        }
        Assert.True(worst <= RayToleranceRad, $"{set}: worst ray angle {worst:G3} rad");
    }

    [Fact]
    public void C3vd_key_value_intrinsics_read_as_the_same_camera_as_the_json()
    {
        var ini = CameraCalibration.Load(RepoFixtures.Cameras("c3vd_calibration.txt"));
        var json = CameraCalibration.Load(RepoFixtures.Cameras("scaramuzza_c3vd.json"));
        Assert.Equal(ProjectionKind.Scaramuzza, ini.Kind);
        Assert.Equal(json, ini);
    }

    [Fact]
    public void C3vd_worked_example_the_centre_pixel_looks_along_the_axis()
    {
        // C3VD's published intrinsics: the ray through the distortion centre is +Z; the pixel 500 px to the right of it
        // is sensor point [[c, d], [e, 1]]⁻¹·(500, 0) and makes atan2(ρ, f(ρ)) with the axis, f = a0 + a2ρ² + a3ρ³ + a4ρ⁴.
        var camera = CameraCalibration.Load(RepoFixtures.Cameras("c3vd_calibration.txt"));
        Assert.True(camera.Unproject(678.544839263292f + 0.5f, 542.975887548343f + 0.5f, out var axis));
        Assert.Equal(1f, axis.Z, 1e-6f);
        const double c = 0.999986882249990, dd = 0.00288273829525059, e = -0.00296316513429569;
        var det = c - dd * e;
        var rho = Math.Sqrt(Math.Pow(500 / det, 2) + Math.Pow(-e * 500 / det, 2));
        var f = 769.243600037458 - 0.000812770624150226 * rho * rho + 6.25674244578925e-07 * rho * rho * rho
            - 1.19662182144280e-09 * rho * rho * rho * rho;
        var expected = Math.Atan2(rho, f);
        Assert.True(camera.Unproject(678.544839263292f + 0.5f + 500f, 542.975887548343f + 0.5f, out var d));
        Assert.Equal(expected, Math.Atan2(Math.Sqrt(d.X * d.X + d.Y * d.Y), d.Z), 1e-5);
    }
}
