using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tests.Cinematic;

/// <summary>The kernel traces two paths per step in lockstep; each must be exactly the path traced alone.</summary>
public class PathPairTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    [InlineData(1)]
    public void Paths_traced_in_pairs_equal_paths_traced_alone_bit_for_bit(int samples)
    {
        var volume = TestVolumes.Tube(24, 40, 7f);
        var look = CinematicPresets.PinkMucosa;
        var medium = TrackingTests.HostMedium(volume, look.Transfer, cellSize: 1);
        var camera = CameraModel.Fisheye(8, 8, 150f);
        var view = new CameraView(camera, RigidPose.LookAt(new Float3(11.5f, 11.5f, 6f), new Float3(12.5f, 11.5f, 30f), Float3.UnitX));
        var p = new PathParams
        {
            Camera = camera, Pose = view.Pose, Lights = LightSet.From(view), Texture = look.Texture, PhaseG = look.PhaseG,
            TextureMean = look.Texture.AverageMultiplier(256), TextureFootprintMm = look.Texture.LargestFeatureMm, PhaseSpread = 0.5f,
            SurfaceProbability = look.SurfaceProbability, GradientScale = look.GradientScaleHuPerMm, SurfaceOffset = 1f,
            IndirectClamp = 0.05f, MaxBounces = 6, RouletteStart = 2, SampleStart = 3, SampleCount = samples, Seed = 99u,
        };
        var n = camera.Width * camera.Height;
        var starts = new HostView<float>(new float[PrimaryStart.TileCount(camera)]); // 0: track from the lens
        var accum = new float[3 * n];
        for (var i = 0; i < n; i++) PathTracingKernel.Pixel(i, p, medium, starts, new HostView<float>(accum));
        var lit = 0;
        for (var i = 0; i < n; i++)
        {
            var sum = Float3.Zero;
            for (var s = 0; s < samples; s++)
            {
                var rng = new PathRandom(p.Seed, (uint)i, (uint)(p.SampleStart + s));
                var jx = rng.NextFloat(); var jy = rng.NextFloat();
                if (!camera.Unproject(i % camera.Width + jx, i / camera.Width + jy, out var dc)) continue;
                sum += PathTracingKernel.TracePath(p, medium, p.Pose.Position, p.Pose.RotateToWorld(dc), 0f, ref rng);
            }
            Assert.Equal(sum.X, accum[i]);
            Assert.Equal(sum.Y, accum[n + i]);
            Assert.Equal(sum.Z, accum[2 * n + i]);
            if (sum.X > 0f) lit++;
        }
        Assert.True(lit > n / 2, $"only {lit} of {n} pixels lit");
    }
}
