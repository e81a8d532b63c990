using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Rendering.Tests.Cinematic;
using EndoDepth.Rendering.Tests.Compute;

namespace EndoDepth.Rendering.Tests.Cameras;

/// <summary>
/// The renderers accept calibrated lens cameras: depth through a Kannala–Brandt and a Scaramuzza camera equals the
/// analytic depth of a cylinder (synthetic forward model) and of a ball (opacity-threshold depth kernel, on both the
/// ILGPU CPU accelerator and Parallel.For). The expected rays are solved here in double precision from the models'
/// equations, not taken from <see cref="CameraModel.Unproject"/>.
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class LensCameraRenderTests(IlgpuCpuFixture fixture)
{
    private const double K1 = -0.02, K2 = 0.003;
    private const double A0 = 14, A2 = -0.012, A4 = 1e-6;

    // 32² Kannala–Brandt fisheye, about 150° across the diagonal.
    private static CameraModel KannalaBrandt() =>
        CameraModel.KannalaBrandt(32, 32, 12.5f, 12.5f, 16.2f, 15.9f, (float)K1, (float)K2, 0f, 0f);

    // 32² Scaramuzza camera with a slightly sheared stretch matrix.
    private static CameraModel Scaramuzza() =>
        CameraModel.Scaramuzza(32, 32, 15.8f, 16.3f, (float)A0, 0f, (float)A2, 0f, (float)A4, 0f, 1.01f, 0.004f, -0.003f);

    /// <summary>The unit ray through pixel centre (x + 0.5, y + 0.5), from the model's equation in double.</summary>
    private static (double X, double Y, double Z) Ray(CameraModel c, int x, int y)
    {
        var du = x + 0.5 - c.Cx; var dv = y + 0.5 - c.Cy;
        if (c.Kind == ProjectionKind.KannalaBrandt)
        {
            double mx = du / c.Fx, my = dv / c.Fy, thetaD = Math.Sqrt(mx * mx + my * my);
            double lo = 0, hi = Math.PI / 2; // θd(θ) = θ(1 + k1θ² + k2θ⁴) is increasing on [0, π/2] here
            for (var i = 0; i < 200; i++)
            {
                var mid = 0.5 * (lo + hi);
                if (mid * (1 + K1 * mid * mid + K2 * Math.Pow(mid, 4)) < thetaD) lo = mid; else hi = mid;
            }
            var s = thetaD > 0 ? Math.Sin(lo) / thetaD : 0;
            return (mx * s, my * s, Math.Cos(lo));
        }
        double c11 = 1.01, c12 = 0.004, c21 = -0.003, det = c11 - c12 * c21;
        double sx = (du - c12 * dv) / det, sy = (c11 * dv - c21 * du) / det, rho = Math.Sqrt(sx * sx + sy * sy);
        var z = A0 + A2 * rho * rho + A4 * Math.Pow(rho, 4);
        var n = Math.Sqrt(sx * sx + sy * sy + z * z);
        return (sx / n, sy / n, z / n);
    }

    public static TheoryData<string> Lenses => ["kannala-brandt", "scaramuzza"];

    private static CameraModel Lens(string name) => name == "scaramuzza" ? Scaramuzza() : KannalaBrandt();

    [Theory]
    [MemberData(nameof(Lenses))]
    public void Forward_model_depth_of_a_straight_cylinder_is_analytic(string lens)
    {
        const float r = 15f, length = 150f, z0 = 20f;
        var camera = Lens(lens);
        var tube = ColonPhantom.Generate(ColonPhantomSettings.StraightTube(r, length), 1);
        var view = new CameraView(camera, RigidPose.LookAt(new Float3(0, 0, z0), new Float3(0, 0, 100), Float3.UnitY));
        using var model = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        var frame = model.Render(tube, view);
        var compared = 0;
        for (var y = 0; y < camera.Height; y++)
            for (var x = 0; x < camera.Width; x++)
            {
                if (!camera.Unproject(x + 0.5f, y + 0.5f, out _)) continue;
                var d = Ray(camera, x, y);
                var sin = Math.Sqrt(d.X * d.X + d.Y * d.Y);
                var wallZ = sin > 0 ? r / sin * d.Z : double.PositiveInfinity; // wall at t = R / sin θ
                var expected = Math.Min(wallZ, length - z0);
                if (Math.Abs(wallZ - (length - z0)) < 3) continue; // the rim where wall meets the end cap
                Assert.True(frame.Depth.IsValid(x, y), $"pixel ({x},{y}) sees the surface");
                Assert.True(Math.Abs(frame.Depth[x, y] - expected) <= 1e-3 * expected,
                    $"{lens} pixel ({x},{y}): {frame.Depth[x, y]} vs {expected}");
                compared++;
            }
        Assert.True(compared > camera.Width * camera.Height / 2, $"compared {compared}");
    }

    [Theory]
    [InlineData("kannala-brandt", false)]
    [InlineData("kannala-brandt", true)]
    [InlineData("scaramuzza", true)]
    public void Threshold_depth_of_a_ball_is_the_ray_sphere_distance_within_one_voxel(string lens, bool ilgpu)
    {
        var spacing = new Float3(1f, 1f, 1.25f);
        var centre = new Float3(20f, 20f, 25f);
        const float radius = 11f;
        var volume = TestVolumes.Ball(40, spacing, centre, radius, edgeVoxels: 2f);
        var eye = new Float3(20f, 4f, 2f);
        var pose = RigidPose.LookAt(eye, centre, Float3.UnitX);
        var camera = Lens(lens);
        var renderer = new CinematicRenderer(device: ilgpu ? fixture.Device : new ComputeDevice(ComputeBackend.ParallelFor));
        var (depth, _) = renderer.RenderDepth(volume, new CameraView(camera, pose));
        int hits = 0, misses = 0;
        for (var y = 0; y < camera.Height; y++)
            for (var x = 0; x < camera.Width; x++)
            {
                if (!camera.Unproject(x + 0.5f, y + 0.5f, out _)) continue;
                var r = Ray(camera, x, y);
                var dc = new Float3((float)r.X, (float)r.Y, (float)r.Z);
                var d = pose.RotateToWorld(dc);
                var oc = eye - centre;
                var b = Float3.Dot(d, oc);
                var disc = b * b - (oc.LengthSquared - radius * radius);
                if (disc < 0.5f * radius)
                {
                    if (disc < -4f * radius) { Assert.False(depth.IsValid(x, y), $"({x},{y}) should miss"); misses++; }
                    continue;
                }
                var t = -b - MathF.Sqrt(disc);
                Assert.True(depth.IsValid(x, y), $"({x},{y}) should hit");
                Assert.InRange(depth[x, y], t * dc.Z - spacing.Z, t * dc.Z + spacing.Z);
                hits++;
            }
        Assert.True(hits > 50 && misses > 20, $"hits {hits}, misses {misses}");
    }
}
