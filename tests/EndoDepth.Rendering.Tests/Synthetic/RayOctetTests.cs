using System.Runtime.Intrinsics;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Rendering.Synthetic.Kernel;
using EndoDepth.Rendering.Synthetic.Octets;
using Xunit;

namespace EndoDepth.Rendering.Tests.Synthetic;

/// <summary>
/// The eight-lane AVX2 tracer against the scalar reference (one pixel at a time,
/// <see cref="EndoscopePixel.Shade{TGrid, TOut}"/>): bit for bit, on every path of the ray's state machine (start
/// inside tissue, march, bracket and refine, misses, the step limit, the retrace after a failed cone start).
/// </summary>
public sealed class RayOctetTests
{
    public static TheoryData<string> Cases =>
        ["default", "few steps", "whole steps", "no cone pre-pass", "pinhole", "spots, odd lobe, ambient"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eight_lane_tracer_equals_single_pixels_bit_for_bit(string name)
    {
        if (!RayOctet.IsSupported) return; // no AVX2: the scalar body is the only one used, and tested elsewhere
        var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 100f, PolypCount = 3 }, 5);
        var settings = name switch
        {
            "few steps" => new SyntheticEndoscopeSettings { MaxSteps = 3 },        // rays run out of steps
            "whole steps" => new SyntheticEndoscopeSettings { StepScale = 1f },    // more brackets at fold crests
            "no cone pre-pass" => new SyntheticEndoscopeSettings { ConeBlockSize = 0 },
            // Lobe and gamma by MathF.Pow per lane.
            "spots, odd lobe, ambient" => new SyntheticEndoscopeSettings { Shininess = 37.5f, Gamma = 1.8f },
            _ => new SyntheticEndoscopeSettings(),
        };
        var camera = name == "pinhole" ? CameraModel.Pinhole(37, 23, 100f) : CameraModel.Fisheye(37, 23, 160f);
        var sampler = new EndoscopePoseSampler(phantom);
        var rng = new SplitMix64(11);
        var grid = new HostView<float>(phantom.Surface.Values);
        var table = EndoscopeRayTable.For(camera).Values;
        var rays = new HostView<float>(table);
        var n = camera.Width * camera.Height;
        var paths = 0;
        for (var v = 0; v < 4; v++)
        {
            var at = phantom.Centerline.At(50f);
            var pose = v == 3
                ? RigidPose.LookAt(at.Point, at.Point + at.Normal, at.Tangent) // the last one faces the wall
                : sampler.Sample(ref rng);
            var rig = name.StartsWith("spots", StringComparison.Ordinal)
                ? new LightRig([new PointLight(new Float3(3f, 0f, 0f), 1f, 2f),
                    new PointLight(new Float3(-3f, 1f, 0f), 0.7f, 4.5f)]) { Ambient = 0.02f }
                : null;
            var frame = EndoscopeFrame.Create(phantom.Surface, new CameraView(camera, pose, rig), settings, 3UL, 1);
            var starts = new float[Math.Max(1, frame.BlockCount)];
            for (var b = 0; b < frame.ConeIndexCount; b++)
                EndoscopePixel.ConeStarts(b, frame, grid, rays, new HostView<float>(starts));
            // The sixteen-cone AVX2 pre-pass stops every cone where the scalar one does.
            var starts16 = new float[starts.Length];
            for (var b = 0; b * ConeOctet.BlocksPerIndex < frame.BlockCount; b++)
                ConeOctet.Starts(b, frame, phantom.Surface.Values, rays, new HostView<float>(starts16));
            Assert.Equal(starts, starts16);
            if (frame.BlockCount > 0) Assert.Contains(starts, t => t > 0f);
            float[] img1 = new float[n], dep1 = new float[n], img2 = new float[n], dep2 = new float[n];
            for (var i = 0; i < n; i++)
            {
                EndoscopePixel.Shade(i, frame, grid, rays, new HostView<float>(img1), new HostView<float>(dep1),
                    new HostView<float>(starts));
            }
            paths += dep1.Count(d => d > 0f);
            foreach (var strip in new[] { 1, 7, 8, 17, 128, n })
            {
                Array.Clear(img2); Array.Clear(dep2);
                for (var first = 0; first < n; first += strip)
                {
                    var end = Math.Min(first + strip, n);
                    RayOctet.Render(first, end, frame, phantom.Surface.Values, table, img2, dep2,
                        new HostView<float>(starts));
                }
                Assert.Equal(dep1, dep2);
                Assert.Equal(img1, img2);
            }
        }
        Assert.True(paths > n, "the views should see surface");
        Assert.Throws<ArgumentException>(() => RayOctet.Render(0, 1,
            EndoscopeFrame.Create(phantom.Surface, new CameraView(camera, sampler.Sample(ref rng)), settings, 3UL, 1),
            new float[7], table, new float[n], new float[n], new HostView<float>(new float[64])));
        Assert.Throws<ArgumentException>(() => RayOctet.Render(0, 1,
            EndoscopeFrame.Create(phantom.Surface, new CameraView(camera, sampler.Sample(ref rng)), settings, 3UL, 1),
            phantom.Surface.Values, new float[5], new float[n], new float[n], new HostView<float>(new float[64])));
        Assert.Throws<ArgumentException>(() => RayOctet.Render(0, 1,
            EndoscopeFrame.Create(phantom.Surface, new CameraView(camera, sampler.Sample(ref rng)), settings, 3UL, 1),
            phantom.Surface.Values, table, new float[n - 1], new float[n], new HostView<float>(new float[64])));
        Assert.Throws<ArgumentOutOfRangeException>(() => RayOctet.Render(0, n + 1,
            EndoscopeFrame.Create(phantom.Surface, new CameraView(camera, sampler.Sample(ref rng)), settings, 3UL, 1),
            phantom.Surface.Values, table, new float[n], new float[n], new HostView<float>(new float[64])));
    }

    [Fact]
    public void The_forward_model_renders_the_same_bytes_with_and_without_the_eight_lane_tracer()
    {
        var phantom = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 100f }, 6);
        var sampler = new EndoscopePoseSampler(phantom);
        var rng = new SplitMix64(8);
        // Odd sizes, and a frame narrower than a lane group (rows wrap inside one group of eight).
        var views = new[]
            {
                CameraModel.Fisheye(45, 33, 140f), CameraModel.Fisheye(45, 33, 140f), CameraModel.Pinhole(5, 7, 90f),
                CameraModel.Fisheye(3, 11, 120f),
            }
            .Select(camera => new CameraView(camera, sampler.Sample(ref rng))).ToArray();
        using var octets = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor))
        {
            UseOctets = RayOctet.IsSupported,
        };
        using var scalar = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor))
        {
            UseOctets = false,
        };
        var a = octets.RenderBatch(phantom, views);
        for (var k = 0; k < views.Length; k++)
        {
            var b = scalar.Render(phantom, views[k]);
            Assert.Equal(b.Image.Data, a[k].Image.Data);
            Assert.Equal(b.Depth.Millimetres, a[k].Depth.Millimetres);
            Assert.Contains(b.Depth.Millimetres, d => d > 0f);
        }
    }

    [Fact]
    public unsafe void Gathered_lookup_equals_the_scalar_lookup_and_reads_only_the_grid_for_any_coordinates()
    {
        if (!RayOctet.IsSupported) return;
        // The grid sits between NaN guards: a gather outside it would turn the result into NaN.
        const int guard = 4096;
        foreach (var (nx, ny, nz) in new[] { (2, 2, 2), (5, 3, 4), (SignedDistanceGrid.MaxSamplesPerAxis, 2, 2) })
        {
            var n = nx * ny * nz;
            var buffer = new float[guard + n + guard];
            Array.Fill(buffer, float.NaN);
            var values = new float[n];
            for (var i = 0; i < n; i++) values[i] = buffer[guard + i] = 1f + i % 8 + 0.25f * (i / 8 % 4);
            var shape = new SdfGridShape(nx, ny, nz, Float3.Zero, 0.5f);
            var view = new HostView<float>(values); // checked: the scalar lookup throws outside the grid
            float[] odd =
            [
                float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1e30f, 1e30f, -0f, 0.25f, 0.999f, 1f,
                1.0001f, 1.5f, 2.7f, nx - 1.0005f, nx - 1f, 4e6f, 5e6f, 1e7f,
            ];
            var points = (from a in odd from b in odd from c in odd select (a, b, c)).ToArray();
            fixed (float* p = buffer)
                for (var s = 0; s + 8 <= points.Length; s += 8)
                {
                    var x = Vector256.Create(points.Skip(s).Take(8).Select(q => q.a).ToArray());
                    var y = Vector256.Create(points.Skip(s).Take(8).Select(q => q.b).ToArray());
                    var z = Vector256.Create(points.Skip(s).Take(8).Select(q => q.c).ToArray());
                    var got = RayOctet.Sample(shape, p + guard, x, y, z);
                    for (var k = 0; k < 8; k++)
                    {
                        var (a, b, c) = points[s + k];
                        Assert.Equal(BitConverter.SingleToInt32Bits(shape.SampleAt(view, a, b, c)),
                            BitConverter.SingleToInt32Bits(got[k]));
                    }
                }
        }
    }
}
