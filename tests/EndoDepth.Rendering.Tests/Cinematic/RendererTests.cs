using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tests.Compute;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tests.Cinematic;

[Collection(IlgpuCpuCollection.Name)]
public class RendererTests(IlgpuCpuFixture fixture)
{
    private static readonly ComputeDevice Cpu = new(ComputeBackend.ParallelFor);

    private static CinematicPreset White(float sigma, float specular = 0f) => new(
        "white",
        new TransferFunction([
            new TransferPoint(TestVolumes.Air, 0f, 1f, new Float3(1, 1, 1), 0.5f, specular),
            new TransferPoint(TestVolumes.Tissue, sigma, 1f, new Float3(1, 1, 1), 0.5f, specular),
        ]),
        CinematicPreset.MakeTexture(1f, 0f, 1f, 0f, 0f, new Float3(1, 1, 1), 0u),
        PhaseG: 0.6f);

    [Theory]
    [InlineData(ProjectionKind.Pinhole, false)]
    [InlineData(ProjectionKind.EquidistantFisheye, true)]
    public void Depth_on_an_analytic_ball_equals_the_ray_sphere_distance_within_one_voxel(
        ProjectionKind kind, bool ilgpu)
    {
        var spacing = new Float3(1f, 1f, 1.25f);
        var centre = new Float3(20f, 20f, 25f);
        const float radius = 11f;
        var volume = TestVolumes.Ball(40, spacing, centre, radius, edgeVoxels: 2f);
        var eye = new Float3(20f, 4f, 2f);
        var pose = RigidPose.LookAt(eye, centre, Float3.UnitX);
        var camera = CameraModel.Create(kind, 24, 20, 60f);
        var renderer = new CinematicRenderer(device: ilgpu ? fixture.Device : Cpu);
        var (depth, normals) = renderer.RenderDepth(volume, new CameraView(camera, pose));
        int hits = 0, misses = 0;
        for (var y = 0; y < camera.Height; y++)
            for (var x = 0; x < camera.Width; x++)
            {
                camera.Unproject(x + 0.5f, y + 0.5f, out var dc);
                var d = pose.RotateToWorld(dc);
                // |eye + t d − c| = R: t = −b − √(b² − c) with b = d·(eye − c), c = |eye − c|² − R².
                var oc = eye - centre;
                var b = Float3.Dot(d, oc);
                var disc = b * b - (oc.LengthSquared - radius * radius);
                if (disc < 0.5f * radius) // clear misses (grazing rays excluded)
                {
                    if (disc < -4f * radius) { Assert.False(depth.IsValid(x, y), $"({x},{y}) should miss"); misses++; }
                    continue;
                }
                var t = -b - MathF.Sqrt(disc);
                Assert.True(depth.IsValid(x, y), $"({x},{y}) should hit");
                Assert.InRange(depth[x, y], t * dc.Z - spacing.Z, t * dc.Z + spacing.Z);
                var expectedNormal = Float3.Normalize(eye + d * t - centre);
                var nrm = new Float3(normals[x, y, 0], normals[x, y, 1], normals[x, y, 2]);
                Assert.True(Float3.Dot(nrm, expectedNormal) > 0.97f, $"normal {nrm} vs {expectedNormal}");
                hits++;
            }
        Assert.True(hits > 100 && misses > 20, $"hits {hits}, misses {misses}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void White_furnace_conserves_energy(bool ilgpu)
    {
        // Albedo 1, non-absorbing medium (phase events inside, Lambert BRDF events at the ball's boundary) under a
        // uniform environment of radiance 1 and no lights: every path must return 1 in expectation.
        var volume = TestVolumes.Ball(24, new Float3(1, 1, 1), new Float3(11.5f, 11.5f, 11.5f), 8f);
        var rig = new LightRig([new PointLight(Float3.Zero, 0f)]) { Ambient = 1f };
        var view = new CameraView(CameraModel.Pinhole(12, 12, 70f),
            RigidPose.LookAt(new Float3(11.5f, 11.5f, -6f), new Float3(11.5f, 11.5f, 11.5f), Float3.UnitX), rig);
        var renderer = new CinematicRenderer(
            new CinematicSettings(SamplesPerPixel: 32, MaxBounces: 10_000, RouletteStart: 1, Seed: 4),
            ilgpu ? fixture.Device : Cpu);
        var hdr = renderer.RenderDetailed(volume, view, [White(0.5f)]).Hdr[0];
        foreach (var c in new[] { 0, 1, 2 })
        {
            var plane = hdr.Plane(c).ToArray();
            var mean = plane.Average(v => (double)v);
            var sd = Math.Sqrt(plane.Average(v => (v - mean) * (v - mean)));
            var se = sd / Math.Sqrt(plane.Length);
            Assert.InRange(mean, 1 - 3 * se - 1e-3, 1 + 3 * se + 1e-3);
        }
        Assert.Equal(1f, hdr[0, 0, 0], 5); // corner pixel misses the ball: exactly the environment
    }

    private static (CtVolume, CameraView) LitBall()
    {
        var volume = TestVolumes.Ball(24, new Float3(1, 1, 1), new Float3(11.5f, 11.5f, 14f), 7f);
        var view = new CameraView(CameraModel.Fisheye(16, 16, 100f),
            RigidPose.LookAt(new Float3(11.5f, 11.5f, 0.5f), new Float3(11.5f, 11.5f, 14f), Float3.UnitX));
        return (volume, view);
    }

    [Fact]
    public void Error_falls_like_one_over_root_spp()
    {
        var (volume, view) = LitBall();
        float[] Hdr(int spp, int seed) =>
            new CinematicRenderer(new CinematicSettings(SamplesPerPixel: spp, Seed: seed, SamplesPerLaunch: 16), Cpu)
                .RenderDetailed(volume, view, [CinematicPresets.PinkMucosa]).Hdr[0].Data;
        var reference = Hdr(512, 100);
        double Rmse(float[] a) =>
            Math.Sqrt(a.Select((v, i) => (double)(v - reference[i]) * (v - reference[i])).Average());
        // Average over a few seeds to steady the ratio; expected √((1/4 + 1/512)/(1/16 + 1/512)) ≈ 1.98.
        double e4 = 0, e16 = 0;
        for (var s = 0; s < 3; s++) { e4 += Rmse(Hdr(4, s)); e16 += Rmse(Hdr(16, 10 + s)); }
        Assert.InRange(e4 / e16, 1.6, 2.4);
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_differs()
    {
        var (volume, view) = LitBall();
        var presets = CinematicPresets.BuiltIn;
        byte[] Bytes(int seed) => new CinematicRenderer(new CinematicSettings(SamplesPerPixel: 4, Seed: seed), Cpu)
            .Render(volume, view, presets).Images.SelectMany(i => i.ToBytes()).ToArray();
        var a = Bytes(7);
        Assert.Equal(a, Bytes(7));
        Assert.NotEqual(a, Bytes(8));
    }

    [Fact]
    public void Ilgpu_cpu_accelerator_and_parallel_for_agree()
    {
        var (volume, view) = LitBall();
        var s = new CinematicSettings(SamplesPerPixel: 2, Seed: 3);
        var a = new CinematicRenderer(s, Cpu).RenderDetailed(volume, view, [CinematicPresets.RedVascular]);
        var b = new CinematicRenderer(s, fixture.Device).RenderDetailed(volume, view, [CinematicPresets.RedVascular]);
        Assert.Equal(a.Depth.Valid, b.Depth.Valid);
        for (var i = 0; i < a.Depth.Millimetres.Length; i++)
            Assert.Equal(a.Depth.Millimetres[i], b.Depth.Millimetres[i], 3);
        var ha = a.Hdr[0].Data; var hb = b.Hdr[0].Data;
        var differing = ha.Where((v, i) => MathF.Abs(v - hb[i]) > 1e-3f * MathF.Max(1f, MathF.Abs(v))).Count();
        Assert.True(differing <= ha.Length / 50, $"{differing} of {ha.Length} values differ");
    }

    [Fact]
    public void Render_rejects_foreign_presets_and_empty_lists_and_honours_cancellation()
    {
        var (volume, view) = LitBall();
        var r = new CinematicRenderer(device: Cpu);
        Assert.Throws<ArgumentException>(() => r.Render(volume, view, []));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(
            () => r.Render(volume, view, [CinematicPresets.PinkMucosa], null, cts.Token));
        var reports = new List<double>();
        new CinematicRenderer(new CinematicSettings(SamplesPerPixel: 8, SamplesPerLaunch: 4), Cpu)
            .Render(volume, view, [CinematicPresets.PinkMucosa], new SyncProgress(reports));
        Assert.Equal(1.0, reports[^1], 6);
        Assert.True(reports.SequenceEqual(reports.Order()));
    }

    private sealed class SyncProgress(List<double> sink) : IProgress<double>
    {
        public void Report(double value) => sink.Add(value);
    }
}
