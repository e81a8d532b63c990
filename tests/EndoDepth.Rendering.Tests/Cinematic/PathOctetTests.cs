using System.Runtime.Intrinsics;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tests.Cinematic;

/// <summary>
/// The eight-lane CPU path tracer (<see cref="PathOctet"/>) against the scalar kernel body: its random streams and
/// trackers lane by lane, and its renders in distribution (independent seeds, within Monte Carlo standard errors) and
/// path by path (the same seed).
/// </summary>
public class PathOctetTests
{
    private static readonly ComputeDevice Cpu = new(ComputeBackend.ParallelFor);

    [Fact]
    public void Random_octet_draws_each_lanes_scalar_stream_bit_for_bit()
    {
        if (!PathOctet.IsSupported) return;
        var scalar = new PathRandom[8];
        var octet = new RandomOctet();
        for (var k = 0; k < 8; k++)
        {
            scalar[k] = new PathRandom(11u, (uint)k, (uint)(3 * k));
            octet.Set(k, scalar[k]);
        }
        var pick = new Random(5);
        for (var draw = 0; draw < 200; draw++)
        {
            var lanes = new float[8];
            for (var k = 0; k < 8; k++) lanes[k] = pick.Next(3) == 0 ? 0f : BitConverter.Int32BitsToSingle(-1);
            var u = octet.NextFloat(Vector256.Create(lanes));
            for (var k = 0; k < 8; k++)
                if (lanes[k] != 0f) Assert.Equal(scalar[k].NextFloat(), u.GetElement(k));
        }
        for (var k = 0; k < 8; k++) Assert.Equal(scalar[k].State, octet.Get(k).State); // idle lanes did not move
    }

    [Fact]
    public void Random_octets_64_bit_step_without_avx512_is_the_scalar_generators()
    {
        if (!PathOctet.IsSupported) return;
        // The AVX2 fallback's product from 32-bit halves against the scalar generator's own 64-bit arithmetic.
        var random = new Random(8);
        for (var i = 0; i < 100; i++)
        {
            var states = Enumerable.Range(0, 4).Select(_ => (ulong)random.NextInt64() ^ (ulong)random.Next() << 63)
                .ToArray();
            var next = RandomOctet.AdvanceAvx2(Vector256.Create(states));
            for (var k = 0; k < 4; k++)
            {
                var scalar = new PathRandom { State = states[k] };
                scalar.NextUInt();
                Assert.Equal(scalar.State, next.GetElement(k));
            }
        }
    }

    [Fact]
    public unsafe void Octet_trackers_give_each_ray_the_scalar_trackers_result()
    {
        if (!PathOctet.IsSupported) return;
        // Free flights and shadow rays through a tube of tissue, eight at a time with lanes refilled as rays end, each
        // against Medium.SampleCollision / Transmittance with the same stream. The octet's logarithm is not MathF.Log,
        // so distances may differ in their last bits and, rarely, a comparison falls the other way.
        var volume = TestVolumes.Tube(24, 40, 7f);
        var medium = TrackingTests.HostMedium(volume, CinematicPresets.PinkMucosa.Transfer, cellSize: 1);
        var random = new Random(3);
        Float3 Point() => new(11.5f + (float)random.NextDouble() * 6 - 3, 11.5f + (float)random.NextDouble() * 6 - 3,
            2f + (float)random.NextDouble() * 36);
        Float3 Direction() => Float3.Normalize(new Float3((float)random.NextDouble() * 2 - 1,
            (float)random.NextDouble() * 2 - 1, (float)random.NextDouble() * 2 - 1));
        const int n = 600;
        var trackers = new Tracker[n];
        var rngs = new PathRandom[n];
        var expected = new (bool Hit, float T, float Tr, uint Next)[n];
        for (var r = 0; r < n; r++)
        {
            var (o, d) = (Point(), Direction());
            var ratio = r % 3 == 2;
            var tMax = ratio ? 5f + (float)random.NextDouble() * 20f : float.MaxValue;
            rngs[r] = new PathRandom(5u, (uint)r, 0u);
            var alone = rngs[r];
            if (ratio) expected[r] = (false, 0f, medium.Transmittance(o, d, tMax, ref alone), alone.NextUInt());
            else
            {
                var hit = medium.SampleCollision(o, d, 0f, tMax, ref alone, out var t);
                expected[r] = (hit, t, 1f, alone.NextUInt());
            }
            trackers[r] = Tracker.Idle;
            medium.BeginTracking(ref trackers[r], o, d, 0f, tMax, ratio);
        }

        var hu = medium.Field.Hu.Array; var table = medium.Transfer.Table.Array; var maj = medium.Majorant.Array;
        fixed (float* h = hu)
        fixed (float* t = table)
        fixed (float* m = maj)
        {
            var octet = MediumOctet.Create(medium, h, hu.Length, t, table.Length, m, maj.Length);
            var lanes = new TrackerOctet();
            var owner = new int[8];
            var next = 0;
            var waiting = 0xFFu;
            while (true)
            {
                for (; waiting != 0; waiting &= waiting - 1)
                {
                    var k = System.Numerics.BitOperations.TrailingZeroCount(waiting);
                    if (owner[k] > 0) lanes.Get(k, ref trackers[owner[k] - 1], out rngs[owner[k] - 1]);
                    owner[k] = 0;
                    while (next < n && !trackers[next].Active) next++; // a ray that missed the volume: done already
                    if (next == n) continue;
                    lanes.Set(k, trackers[next], rngs[next]);
                    owner[k] = ++next;
                }
                var busy = lanes.ActiveLanes;
                if (busy == 0) break;
                do lanes.Step(octet);
                while (lanes.ActiveLanes == busy);
                waiting = busy & ~lanes.ActiveLanes;
            }
        }

        int same = 0, hits = 0, partial = 0;
        for (var r = 0; r < n; r++)
        {
            var e = expected[r];
            var k = trackers[r];
            Assert.False(k.Active);
            if (k.Hit == e.Hit && MathF.Abs(k.T - e.T) <= 1e-4f * MathF.Max(1f, e.T) && MathF.Abs(k.Tr - e.Tr) <= 1e-4f
                && rngs[r].NextUInt() == e.Next) same++;
            if (e.Hit) hits++;
            if (e.Tr > 0f && e.Tr < 1f) partial++;
        }
        Assert.True(hits > 150 && partial > 3, $"hits {hits}, partial transmittances {partial}");
        Assert.True(same >= n * 99 / 100, $"{n - same} of {n} rays differ from the scalar tracker's");
    }

    [Fact]
    public void Octet_render_agrees_with_the_scalar_body_within_monte_carlo_standard_errors()
    {
        if (!PathOctet.IsSupported) return;
        // Independent renders (different seeds) of each body; per 8×8 block and over the whole image, the difference
        // of the two bodies' means against its standard error estimated from the renders' spread (Welch).
        var (volume, view) = TubeScene(32);
        const int renders = 12;
        double[][] Renders(bool octets, int seed0) => Enumerable.Range(0, renders).Select(r =>
        {
            var hdr = Render(volume, view, octets, seed0 + r, spp: 4).Hdr[0];
            return Blocks(hdr, 8);
        }).ToArray();
        var scalar = Renders(false, 100);
        var octet = Renders(true, 200);
        var blocks = scalar[0].Length;
        var worst = 0.0;
        for (var b = 0; b < blocks; b++)
        {
            var z = Welch(scalar.Select(x => x[b]).ToArray(), octet.Select(x => x[b]).ToArray(), out _);
            worst = Math.Max(worst, Math.Abs(z));
        }
        Assert.True(worst < 4.5, $"a block differs by {worst:F2} standard errors");
        var image = Welch(scalar.Select(x => x.Average()).ToArray(), octet.Select(x => x.Average()).ToArray(),
            out var relativeError);
        Assert.True(Math.Abs(image) < 4, $"the image means differ by {image:F2} standard errors");
        Assert.True(relativeError < 0.01, $"standard error {relativeError:P2} of the mean: too weak a test");
    }

    [Fact]
    public void Octet_render_with_the_same_seed_follows_the_same_paths_and_keeps_the_depth_exact()
    {
        if (!PathOctet.IsSupported) return;
        // Each path draws its own stream in both bodies, so with one seed they trace the same paths; only the order
        // of the additions and the tracker's logarithm differ in the last bits.
        var (volume, view) = TubeScene(24);
        var a = Render(volume, view, false, 9, spp: 8);
        var b = Render(volume, view, true, 9, spp: 8);
        Assert.Equal(a.Depth.Millimetres, b.Depth.Millimetres);
        Assert.Equal(a.Normals.Data, b.Normals.Data);
        int Differing(float[] x, float[] y) =>
            x.Where((v, i) => MathF.Abs(v - y[i]) > 1e-3f * MathF.Max(0.05f, MathF.Abs(v))).Count();
        var hdr = Differing(a.Hdr[0].Data, b.Hdr[0].Data);
        Assert.True(hdr <= a.Hdr[0].Data.Length / 50, $"{hdr} of {a.Hdr[0].Data.Length} radiance values differ");
        var albedo = Differing(a.Albedo[0].Data, b.Albedo[0].Data);
        Assert.True(albedo <= a.Albedo[0].Data.Length / 50, $"{albedo} first-event albedo values differ");
    }

    [Fact]
    public void Octet_render_is_deterministic()
    {
        if (!PathOctet.IsSupported) return;
        var (volume, view) = TubeScene(24);
        var a = Render(volume, view, true, 5, spp: 4);
        var b = Render(volume, view, true, 5, spp: 4);
        Assert.Equal(a.Hdr[0].Data, b.Hdr[0].Data);
        Assert.Equal(a.Albedo[0].Data, b.Albedo[0].Data);
        Assert.NotEqual(a.Hdr[0].Data, Render(volume, view, true, 6, spp: 4).Hdr[0].Data);
    }

    private static (CtVolume, CameraView) TubeScene(int size)
    {
        var volume = TestVolumes.Tube(20, 32, 6f);
        var view = new CameraView(CameraModel.Fisheye(size, size, 140f),
            RigidPose.LookAt(new Float3(9.5f, 9.5f, 3f), new Float3(9.5f, 9.5f, 20f), Float3.UnitX));
        return (volume, view);
    }

    private static CinematicResult Render(CtVolume volume, CameraView view, bool octets, int seed, int spp) =>
        new CinematicRenderer(new CinematicSettings(SamplesPerPixel: spp, SamplesPerLaunch: spp, Seed: seed), Cpu)
        {
            UsePathOctets = octets,
        }.RenderDetailed(volume, view, [CinematicPresets.PinkMucosa]);

    /// <summary>Mean radiance (over RGB) of each b×b block.</summary>
    private static double[] Blocks(EndoDepth.Imaging.ImageF hdr, int b)
    {
        var nx = hdr.Width / b; var ny = hdr.Height / b;
        var sums = new double[nx * ny];
        for (var y = 0; y < ny * b; y++)
            for (var x = 0; x < nx * b; x++)
                sums[x / b + nx * (y / b)] += hdr[x, y, 0] + hdr[x, y, 1] + hdr[x, y, 2];
        return sums.Select(s => s / (3.0 * b * b)).ToArray();
    }

    /// <summary>Welch's z of the difference of two samples' means; <paramref name="relativeError"/>: its standard
    /// error relative to the mean.</summary>
    private static double Welch(double[] a, double[] b, out double relativeError)
    {
        static (double Mean, double Var) Moments(double[] x)
        {
            var m = x.Average();
            return (m, x.Sum(v => (v - m) * (v - m)) / (x.Length - 1));
        }
        var (ma, va) = Moments(a);
        var (mb, vb) = Moments(b);
        var se = Math.Sqrt(va / a.Length + vb / b.Length);
        relativeError = se / Math.Max(1e-12, Math.Abs(0.5 * (ma + mb)));
        return se > 0 ? (ma - mb) / se : ma == mb ? 0 : double.PositiveInfinity;
    }
}
