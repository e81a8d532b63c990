using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Rendering.Synthetic.Kernel;
using EndoDepth.Rendering.Tests.Compute;

namespace EndoDepth.Rendering.Tests.Synthetic;

[Collection(IlgpuCpuCollection.Name)]
public sealed class SyntheticEndoscopeTests(IlgpuCpuFixture fixture)
{
    private const float R = 15f, L = 150f;
    private static readonly Lazy<ColonPhantom> Tube =
        new(() => ColonPhantom.Generate(ColonPhantomSettings.StraightTube(R, L), 1));

    /// <summary>Linear, noise-free shading: the pixel value is gain × radiance exactly.</summary>
    private static readonly SyntheticEndoscopeSettings Linear = new()
    {
        SpecularStrength = 0f, Vignetting = 0f, Gamma = 1f, NoiseSigma = 0f, Gain = 1f, Albedo = 1f,
    };

    [Theory]
    [InlineData(ProjectionKind.EquidistantFisheye, 140f)]
    [InlineData(ProjectionKind.Pinhole, 90f)]
    public void Straight_cylinder_seen_from_its_axis_has_the_analytic_depth_everywhere(ProjectionKind kind, float fov)
    {
        const float z0 = 20f;
        var camera = CameraModel.Create(kind, 48, 48, fov);
        var view = new CameraView(camera, RigidPose.LookAt(new Float3(0, 0, z0), new Float3(0, 0, 100), Float3.UnitY));
        using var model = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        var frame = model.Render(Tube.Value, view);
        var compared = 0;
        for (var y = 0; y < camera.Height; y++)
            for (var x = 0; x < camera.Width; x++)
            {
                if (!camera.Unproject(x + 0.5f, y + 0.5f, out var d))
                {
                    Assert.False(frame.Depth.IsValid(x, y));
                    continue;
                }
                // Ray from the axis: wall at t = R / sin θ; the far end cap at z-depth L − z0.
                var sin = MathF.Sqrt(d.X * d.X + d.Y * d.Y);
                var wallZ = sin > 0 ? R / sin * d.Z : float.PositiveInfinity;
                var expected = MathF.Min(wallZ, L - z0);
                if (MathF.Abs(wallZ - (L - z0)) < 3f) continue; // the rim where wall meets cap
                Assert.True(frame.Depth.IsValid(x, y), $"pixel ({x},{y}) sees the surface");
                Assert.True(MathF.Abs(frame.Depth[x, y] - expected) <= 1e-3f * expected,
                    $"pixel ({x},{y}): {frame.Depth[x, y]} vs {expected}");
                compared++;
            }
        Assert.True(compared > camera.Width * camera.Height / 2);
    }

    [Fact]
    public void Flat_wall_at_d_and_2d_follows_the_inverse_square_law_with_the_cosine_term()
    {
        var camera = CameraModel.Fisheye(32, 32, 120f);
        using var model = new SyntheticEndoscope(Linear, new ComputeDevice(ComputeBackend.ParallelFor));
        var oneLight = new LightRig([new PointLight(Float3.Zero, 100f)]);
        var view = new CameraView(camera, RigidPose.Identity, oneLight);
        const float d = 10f;
        var near = model.Render(Wall(d), view);
        var far = model.Render(Wall(2 * d), view);
        var compared = 0;
        for (var y = 0; y < camera.Height; y++)
            for (var x = 0; x < camera.Width; x++)
            {
                if (!near.Depth.IsValid(x, y) || !far.Depth.IsValid(x, y)) continue; // the far wall's grid is finite
                compared++;
                camera.Unproject(x + 0.5f, y + 0.5f, out var dir);
                // Light at the lens: distance d/cos α, incidence cos α → I·cos³α/d².
                var expectedNear = 100f * MathF.Pow(dir.Z, 3) / (d * d);
                Assert.Equal(expectedNear, near.Image[x, y], expectedNear * 1e-3f);
                Assert.Equal(4f, near.Image[x, y] / far.Image[x, y], 4e-3f);
                Assert.Equal(d, near.Depth[x, y], 1e-3f);
            }
        Assert.True(compared > 300);
    }

    [Fact]
    public void Flat_wall_lit_by_three_offset_lights_matches_the_sum_of_cosine_over_distance_squared()
    {
        var camera = CameraModel.Pinhole(24, 24, 80f);
        using var model = new SyntheticEndoscope(Linear, new ComputeDevice(ComputeBackend.ParallelFor));
        var rig = LightRig.AroundLens(3, 4f, 50f);
        var frame = model.Render(Wall(12f), new CameraView(camera, RigidPose.Identity, rig));
        for (var y = 0; y < camera.Height; y += 3)
            for (var x = 0; x < camera.Width; x += 3)
            {
                var p = camera.UnprojectZDepth(x + 0.5f, y + 0.5f, 12f);
                var expected = 0f;
                foreach (var l in rig.Lights)
                {
                    var v = l.Offset - p;
                    expected += l.Intensity * (-v.Z / v.Length) / v.LengthSquared; // normal (0, 0, −1)
                }
                Assert.Equal(expected, frame.Image[x, y], expected * 2e-3f);
            }
    }

    [Fact]
    public void Wet_mucosa_lobe_matches_textbook_blinn_phong_with_the_half_vector()
    {
        var camera = CameraModel.Pinhole(24, 24, 80f);
        var settings = Linear with { SpecularStrength = 0.5f, Shininess = 40f, Albedo = 0.7f };
        using var model = new SyntheticEndoscope(settings, new ComputeDevice(ComputeBackend.ParallelFor));
        var rig = LightRig.AroundLens(3, 4f, 50f);
        var frame = model.Render(Wall(12f), new CameraView(camera, RigidPose.Identity, rig));
        var n = new Float3(0, 0, -1);
        for (var y = 0; y < camera.Height; y += 3)
            for (var x = 0; x < camera.Width; x += 3)
            {
                var p = camera.UnprojectZDepth(x + 0.5f, y + 0.5f, 12f);
                var view = Float3.Normalize(-p);
                var expected = 0.0;
                foreach (var light in rig.Lights)
                {
                    var toLight = light.Offset - p;
                    var l = Float3.Normalize(toLight);
                    var h = Float3.Normalize(l + view); // the half vector, built the textbook way
                    var cos = Float3.Dot(n, l);
                    expected += light.Intensity / toLight.LengthSquared
                        * (0.7 * cos + 0.5 * Math.Pow(Math.Max(0, Float3.Dot(n, h)), 40));
                }
                Assert.Equal(expected, frame.Image[x, y], expected * 2e-3);
            }
    }

    [Fact]
    public void Unprojected_depth_lies_on_the_analytic_cylinder_for_an_off_axis_tilted_camera()
    {
        var camera = CameraModel.Fisheye(40, 32, 150f);
        var pose = RigidPose.LookAt(new Float3(6, -3, 30), new Float3(-8, 5, 70), Float3.UnitY);
        using var model = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        var frame = model.Render(Tube.Value, new CameraView(camera, pose));
        var valid = 0;
        for (var y = 0; y < camera.Height; y++)
            for (var x = 0; x < camera.Width; x++)
            {
                if (!frame.Depth.IsValid(x, y)) continue;
                var p = pose.ToWorld(camera.UnprojectZDepth(x + 0.5f, y + 0.5f, frame.Depth[x, y]));
                var onWall = MathF.Abs(MathF.Sqrt(p.X * p.X + p.Y * p.Y) - R) < 0.02f;
                var rho = MathF.Sqrt(p.X * p.X + p.Y * p.Y);
                // The grid rounds the rim where the wall meets the end cap.
                if (rho > R - 1.5f && p.Z > L - 1.5f) continue;
                var onCap = MathF.Abs(p.Z - L) < 0.02f || MathF.Abs(p.Z) < 0.02f;
                Assert.True(onWall || onCap, $"pixel ({x},{y}) → {p}");
                valid++;
            }
        Assert.True(valid > camera.Width * camera.Height / 2);
    }

    [Fact]
    public void Same_seed_gives_identical_bytes_and_the_noise_seed_changes_only_the_image()
    {
        var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 100f }, 3);
        var line = phantom.Centerline;
        var at = line.At(30f);
        var view = new CameraView(CameraModel.Fisheye(32, 32, 140f),
            RigidPose.LookAt(at.Point, at.Point + at.Tangent, at.Normal));
        using var model = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        var a = model.Render(phantom, view, 5UL);
        var b = model.Render(ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 100f }, 3), view, 5UL);
        var c = model.Render(phantom, view, 6UL);
        Assert.Equal(a.Image.Data, b.Image.Data);
        Assert.Equal(a.Depth.Millimetres, b.Depth.Millimetres);
        Assert.NotEqual(a.Image.Data, c.Image.Data);
        Assert.Equal(a.Depth.Millimetres, c.Depth.Millimetres);
        Assert.True(a.Depth.ValidCount > 900);
    }

    [Fact]
    public void Ilgpu_cpu_accelerator_and_ParallelFor_render_the_same_frame()
    {
        var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 100f }, 4);
        var at = phantom.Centerline.At(25f);
        var view = new CameraView(CameraModel.Fisheye(24, 20, 140f),
            RigidPose.LookAt(at.Point, at.Point + at.Tangent, at.Normal));
        using var cpu = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        using var ilgpu = new SyntheticEndoscope(device: fixture.Device);
        var expected = cpu.Render(phantom, view, 9UL);
        var got = ilgpu.Render(phantom, view, 9UL);
        for (var k = 0; k < expected.Image.Data.Length; k++)
        {
            Assert.Equal(expected.Depth.Valid[k], got.Depth.Valid[k]);
            Assert.Equal(expected.Depth.Millimetres[k], got.Depth.Millimetres[k],
                1e-3f * MathF.Max(1f, expected.Depth.Millimetres[k]));
            Assert.Equal(expected.Image.Data[k], got.Image.Data[k], 2e-3f);
        }
    }

    [Fact]
    public void Pixel_strips_traced_in_four_lanes_equal_single_pixels_bit_for_bit_on_an_odd_sized_frame()
    {
        var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 100f, PolypCount = 2 }, 5);
        var at = phantom.Centerline.At(30f);
        var view = new CameraView(CameraModel.Fisheye(31, 17, 140f),
            RigidPose.LookAt(at.Point, at.Point + at.Tangent, at.Normal));
        var frame = EndoscopeFrame.Create(phantom.Surface, view, new SyntheticEndoscopeSettings(), 3UL);
        var grid = new HostView<float>(phantom.Surface.Values);
        var starts = new float[Math.Max(1, frame.BlockCount)];
        var rays = new HostView<float>(EndoscopeRayTable.For(view.Camera).Values);
        for (var b = 0; b < frame.ConeIndexCount; b++)
            EndoscopePixel.ConeStarts(b, frame, grid, rays, new HostView<float>(starts));
        // Cones marched four in lockstep stop where each stops alone.
        var lanes = EndoscopeFrame.Create(phantom.Surface, view, new SyntheticEndoscopeSettings(), 3UL, 32);
        Assert.Equal(4, lanes.ConeLanes);
        var starts4 = new float[starts.Length];
        for (var b = 0; b < lanes.ConeIndexCount; b++)
            EndoscopePixel.ConeStarts(b, lanes, grid, rays, new HostView<float>(starts4));
        Assert.Equal(starts, starts4);
        Assert.Contains(starts, t => t > 0f);
        var n = 31 * 17;
        float[] img1 = new float[n], dep1 = new float[n], img2 = new float[n], dep2 = new float[n];
        for (var i = 0; i < n; i++)
        {
            EndoscopePixel.Shade(i, frame, grid, rays, new HostView<float>(img1), new HostView<float>(dep1),
                new HostView<float>(starts));
        }
        Assert.Contains(dep1, d => d > 0f);
        foreach (var strip in new[] { 1, 3, 4, 32, n })
        {
            var strips = EndoscopeFrame.Create(phantom.Surface, view, new SyntheticEndoscopeSettings(), 3UL, strip);
            Array.Clear(img2); Array.Clear(dep2);
            for (var i = 0; i < strips.StripCount; i++)
            {
                EndoscopePixel.ShadeStrip(i, strips, grid, rays, new HostView<float>(img2), new HostView<float>(dep2),
                    new HostView<float>(starts));
            }
            Assert.Equal(dep1, dep2);
            Assert.Equal(img1, img2);
        }
    }

    [Fact]
    public void A_batch_rendered_one_frame_per_core_equals_frames_rendered_one_by_one()
    {
        var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 100f }, 6);
        var sampler = new EndoscopePoseSampler(phantom);
        var rng = new SplitMix64(5);
        var views = Enumerable.Range(0, 5)
            .Select(_ => new CameraView(CameraModel.Fisheye(33, 29, 140f), sampler.Sample(ref rng))).ToArray();
        ulong[] seeds = [1, 2, 3, 4, 5];
        using var model = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        var reports = new List<int>();
        var batch = model.RenderBatch(phantom, views, seeds, new SynchronousProgress(reports.Add));
        for (var k = 0; k < views.Length; k++)
        {
            var one = model.Render(phantom, views[k], seeds[k]);
            Assert.Equal(one.Image.Data, batch[k].Image.Data);
            Assert.Equal(one.Depth.Millimetres, batch[k].Depth.Millimetres);
        }
        Assert.Equal(views.Length, reports.Count);
        Assert.Equal(views.Length, reports.Max());
        Assert.Throws<ArgumentException>(() => model.RenderBatch(phantom, views, [1UL]));
        Assert.Throws<ArgumentNullException>(() => model.RenderBatch(phantom, [views[0], null!], [1UL, 2UL]));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(
            () => model.RenderBatch(phantom, views, seeds, null, cancelled.Token));
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        private readonly Lock _gate = new();
        public void Report(int value) { lock (_gate) report(value); }
    }

    [Theory]
    [InlineData(4)] // blocks found by shifts
    [InlineData(3)] // by division
    public void Cone_pre_pass_changes_no_depth_on_a_phantom_with_folds_and_polyps(int blockSize)
    {
        var phantom = ColonPhantom.Generate(
            new ColonPhantomSettings { LengthMm = 120f, PolypCount = 4, PedunculatedFraction = 0.5f }, 12);
        phantom.UseSurface(phantom.BakeSurface(1f));
        var sampler = new EndoscopePoseSampler(phantom);
        var rng = new SplitMix64(2);
        using var plain = new SyntheticEndoscope(new SyntheticEndoscopeSettings { ConeBlockSize = 0 },
            new ComputeDevice(ComputeBackend.ParallelFor));
        using var cone = new SyntheticEndoscope(new SyntheticEndoscopeSettings { ConeBlockSize = blockSize },
            new ComputeDevice(ComputeBackend.ParallelFor));
        for (var v = 0; v < 4; v++)
        {
            var view = new CameraView(CameraModel.Fisheye(64, 64, 150f), sampler.Sample(ref rng));
            var a = plain.Render(phantom, view); var b = cone.Render(phantom, view);
            for (var k = 0; k < a.Depth.Millimetres.Length; k++)
            {
                Assert.Equal(a.Depth.Valid[k], b.Depth.Valid[k]);
                Assert.Equal(a.Depth.Millimetres[k], b.Depth.Millimetres[k],
                    1e-3f * MathF.Max(1f, a.Depth.Millimetres[k]));
            }
        }
    }

    /// <summary>A flat wall z = d facing the camera at the origin (positive in front of it).</summary>
    private static SignedDistanceGrid Wall(float d) =>
        SignedDistanceGrid.Bake($"wall-{d}", new Float3(-60, -60, -2), new Float3(60, 60, d + 4), 2f, p => d - p.Z);
}
