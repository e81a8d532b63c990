using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Tests.Cinematic;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tests.Lumen;

public class LumenTests
{
    [Fact]
    public void Distance_transform_matches_brute_force_on_an_anisotropic_grid()
    {
        const int nx = 13, ny = 11, nz = 9;
        var spacing = new Float3(0.7f, 1.1f, 1.6f);
        var rng = new Cinematic.PathRandomProxy(4);
        var inside = new bool[nx * ny * nz];
        for (var i = 0; i < inside.Length; i++) inside[i] = rng.Next() < 0.85f;
        var d = DistanceTransform.Compute(inside, nx, ny, nz, spacing);
        for (var p = 0; p < inside.Length; p++)
        {
            var best = float.MaxValue;
            for (var q = 0; q < inside.Length; q++)
            {
                if (inside[q]) continue;
                var dx = (p % nx - q % nx) * spacing.X;
                var dy = (p / nx % ny - q / nx % ny) * spacing.Y;
                var dz = (p / (nx * ny) - q / (nx * ny)) * spacing.Z;
                best = MathF.Min(best, MathF.Sqrt(dx * dx + dy * dy + dz * dz));
            }
            Assert.Equal(inside[p] ? best : 0f, d[p], 4);
        }
    }

    [Fact]
    public void Centerline_of_a_wiggling_tube_follows_its_axis_and_skips_the_outside_air()
    {
        // Outside air touching the in-plane borders must be ignored: open the corners of the tube volume to air.
        var tube = TestVolumes.Tube(40, 120, 9f);
        var hu = tube.AsFloat32();
        for (var k = 0; k < 120; k++)
            for (var j = 0; j < 40; j++)
                for (var i = 0; i < 40; i++)
                    if (i < 3 || j < 3) hu[i + 40 * (j + 40 * k)] = TestVolumes.Air;
        var result = LumenCenterline.Trace(tube);
        var path = result.Path;
        // 119 mm along z, the wiggle, and ends that may sit on the rims of the end faces
        Assert.InRange(path.LengthMm, 110f, 140f);
        var c = 19.5f;
        foreach (var p in path.Points)
        {
            if (p.Z < 12 || p.Z > 107) continue;
            var ox = c + 3f * MathF.Sin(p.Z * 0.05f);
            var oy = c + 2f * MathF.Cos(p.Z * 0.035f);
            Assert.True(MathF.Sqrt((p.X - ox) * (p.X - ox) + (p.Y - oy) * (p.Y - oy)) < 1.5f,
                $"{p} far from the axis ({ox}, {oy})");
        }
        Assert.InRange(path.Radii[path.Count / 2], 6f, 11f);
    }

    [Fact]
    public void Poses_lie_in_the_lumen_with_clearance_and_are_deterministic()
    {
        var tube = TestVolumes.Tube(40, 120, 9f);
        var lumen = LumenCenterline.Trace(tube);
        var sampler = new EndoscopePoseSampler(lumen,
            new EndoscopePoseSettings { EndMarginMm = 20f, MinWallClearanceMm = 3f });
        var a = new SplitMix64(9); var b = new SplitMix64(9);
        for (var i = 0; i < 30; i++)
        {
            var pose = sampler.Sample(ref a);
            Assert.Equal(pose, sampler.Sample(ref b));
            var v = tube.WorldToVoxel(pose.Position);
            Assert.True(tube[(int)MathF.Round(v.X), (int)MathF.Round(v.Y), (int)MathF.Round(v.Z)] < -900f,
                $"pose {i} at {pose.Position} is not in air");
            Assert.True(lumen.DistanceAt(pose.Position) >= 3f);
        }
    }

    [Fact]
    public void Volume_without_air_is_rejected_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentException>(() => LumenCenterline.Trace(TestVolumes.Homogeneous(8, 8, 8, 40f)));
        Assert.Contains("no air", e.Message);
    }
}
