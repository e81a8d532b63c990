using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Rendering.Tests.Phantom;

public sealed class ColonPhantomTests
{
    private static readonly ColonPhantomSettings Short = new() { LengthMm = 120f, PolypCount = 3 };

    [Fact]
    public void Same_seed_gives_the_same_geometry_and_ct_bytes_and_another_seed_does_not()
    {
        var ct = new ColonCtSettings { SpacingMm = 2f, NoiseHu = 10f };
        var a = ColonPhantom.Generate(Short, 7);
        var b = ColonPhantom.Generate(Short, 7);
        var c = ColonPhantom.Generate(Short, 8);
        Assert.Equal(a.Centerline.Points, b.Centerline.Points);
        Assert.Equal(a.Folds, b.Folds);
        Assert.Equal(a.Polyps, b.Polyps);
        Assert.NotEqual(a.Centerline.Points, c.Centerline.Points);
        Assert.Equal(a.CreateCtVolume(ct).Int16Voxels, b.CreateCtVolume(ct).Int16Voxels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Centerline_is_smooth_with_radii_in_range_and_bends_no_tighter_than_allowed(int seed)
    {
        var s = new ColonPhantomSettings();
        var p = ColonPhantom.Generate(s, seed);
        var line = p.Centerline;
        Assert.Equal(s.LengthMm, line.LengthMm, 0.5f);
        for (var k = 0; k < line.Count; k++)
        {
            Assert.InRange(line.Radii[k], s.RadiusMm.Min - 1e-3f, s.RadiusMm.Max + 1e-3f);
            Assert.Equal(1f, line.Tangents[k].Length, 1e-4f);
            Assert.Equal(0f, Float3.Dot(line.Tangents[k], line.Normals[k]), 1e-4f);
        }
        for (var k = 1; k + 1 < line.Count; k++)
        {
            Assert.Equal(line.StepMm, (line.Points[k] - line.Points[k - 1]).Length, 1e-3f);
            // Turning angle per step / step length = curvature ≤ 1 / MinBendRadius.
            var angle = MathF.Acos(Math.Clamp(Float3.Dot(line.Tangents[k], line.Tangents[k + 1]), -1f, 1f));
            Assert.True(angle / line.StepMm <= 1.02f / s.MinBendRadiusMm,
                $"curvature {angle / line.StepMm} at sample {k}");
        }
    }

    [Fact]
    public void Folds_follow_the_spacing_and_vanish_at_the_three_taeniae()
    {
        var s = new ColonPhantomSettings();
        var p = ColonPhantom.Generate(s, 11);
        Assert.NotEmpty(p.Folds);
        Assert.Equal(0, p.Folds.Count % 3);
        foreach (var f in p.Folds)
        {
            Assert.True(f.HalfExtent <= MathF.PI / 3 + 1e-5f); // inside one of three 120° sectors
            Assert.Equal(0f, f.Displacement(f.ArcLengthMm, f.CenterAngle + f.HalfExtent), 1e-5f);
            Assert.True(f.Displacement(f.ArcLengthMm, f.CenterAngle) > 0f);
        }
        // Crests of one fold (3 lobes) lie within ±12% of the minimum spacing of each other; successive folds
        // 20–40 mm apart.
        var crests = p.Folds.Chunk(3).Select(g => g.Average(f => f.ArcLengthMm)).ToArray();
        for (var k = 1; k < crests.Length; k++)
            Assert.InRange(crests[k] - crests[k - 1],
                s.FoldSpacingMm.Min - 2 * 0.12f * s.FoldSpacingMm.Min,
                s.FoldSpacingMm.Max + 2 * 0.12f * s.FoldSpacingMm.Min);
    }

    [Fact]
    public void Polyps_have_the_requested_sizes_and_touch_the_wall()
    {
        var p = ColonPhantom.Generate(Short with { PolypCount = 6, PedunculatedFraction = 0.5f }, 5);
        Assert.Equal(6, p.Polyps.Count);
        foreach (var q in p.Polyps)
        {
            Assert.InRange(2 * q.HeadRadiusMm, 3f, 15f);
            Assert.True(q.SignedDistance(q.HeadCenter) < 0);
            var f = p.Centerline.At(q.ArcLengthMm);
            var dir = f.Normal * MathF.Cos(q.Angle) + f.Binormal * MathF.Sin(q.Angle);
            var wall = f.Point + dir * p.WallRadius(q.ArcLengthMm, q.Angle, f.Radius);
            Assert.True(q.SignedDistance(wall) <= 0.01f, "the polyp reaches the wall it grows from");
        }
    }

    [Fact]
    public void Surface_bake_is_exact_near_the_wall_and_renders_the_depth_of_the_exact_bake()
    {
        // Folds, polyps and wall noise (the defaults) on a 120 mm segment: the banded bake against the field
        // evaluated at every grid point (an infinite band).
        var p = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 120f, PolypCount = 3 }, 4);
        const float h = 0.8f;
        var (min, max) = p.WallBounds(2f + 2 * h);
        var (nx, ny, nz) = SignedDistanceGrid.Dimensions(min, max, h);
        var banded = new float[(long)nx * ny * nz];
        var exact = new float[banded.Length];
        PhantomGridSampler.SampleSurface(p, min, h, nx, ny, nz, ColonPhantom.SurfaceExactBandMm, banded, default);
        PhantomGridSampler.SampleSurface(p, min, h, nx, ny, nz, float.PositiveInfinity, exact, default);
        long near = 0, interpolated = 0;
        for (long i = 0; i < exact.Length; i++)
        {
            if (MathF.Abs(exact[i]) < 2f)
            {
                near++;
                // Every cell a hit can be refined in, and every step that can reach the wall.
                Assert.Equal(exact[i], banded[i]);
            }
            else if (banded[i] != exact[i])
            {
                interpolated++;
                Assert.Equal(MathF.Sign(exact[i]), MathF.Sign(banded[i])); // lumen stays lumen, tissue stays tissue
            }
        }
        Assert.True(near > 100_000 && interpolated > exact.Length / 4,
            $"{near} near the wall, {interpolated} interpolated of {exact.Length}");

        // Rendered through both grids, the depth maps agree but for the odd grazing silhouette pixel.
        var a = new SignedDistanceGrid("exact", nx, ny, nz, min, h, exact);
        var b = new SignedDistanceGrid("banded", nx, ny, nz, min, h, banded);
        a.NormaliseSlope(); b.NormaliseSlope();
        var sampler = new EndoscopePoseSampler(p);
        var rng = new SplitMix64(9);
        using var model = new SyntheticEndoscope(device: new ComputeDevice(ComputeBackend.ParallelFor));
        int hits = 0, differ = 0;
        for (var v = 0; v < 6; v++)
        {
            var view = new CameraView(CameraModel.Fisheye(96, 96, 140f), sampler.Sample(ref rng));
            var da = model.Render(a, view).Depth.Millimetres;
            var db = model.Render(b, view).Depth.Millimetres;
            for (var q = 0; q < da.Length; q++)
            {
                if (da[q] > 0f) hits++;
                if ((da[q] > 0f) != (db[q] > 0f) || MathF.Abs(da[q] - db[q]) > 0.05f) differ++;
            }
        }
        Assert.True(hits > 40_000 && differ <= 3, $"{differ} of {hits} hit pixels differ by more than 0.05 mm");
    }

    [Fact]
    public void Straight_tube_surface_grid_equals_radius_minus_distance_from_axis()
    {
        const float r = 20f;
        var p = ColonPhantom.Generate(ColonPhantomSettings.StraightTube(r, 80f), 1);
        var grid = p.BakeSurface(0.8f);
        var rng = new SplitMix64(3);
        for (var n = 0; n < 500; n++)
        {
            var rho = rng.Uniform(r - 5, r + 3); var phi = rng.Uniform(0, 6.283f); var z = rng.Uniform(25, 55);
            var q = new Float3(rho * MathF.Cos(phi), rho * MathF.Sin(phi), z);
            // Near the wall, within 0.02 mm of the analytic field r − ρ (the end caps are further away).
            Assert.Equal(r - rho, grid.Sample(q), 0.02f);
        }
    }

    [Fact]
    public void Ct_volume_has_air_wall_and_fat_in_hounsfield_units_with_partial_volume_at_the_interface()
    {
        const float r = 20f;
        var p = ColonPhantom.Generate(ColonPhantomSettings.StraightTube(r, 60f), 1);
        var ct = p.CreateCtVolume(new ColonCtSettings { SpacingMm = 1f });
        Assert.InRange(ct.Nx, 40, 256);
        Assert.Equal(1f, ct.Spacing.X);
        // Along a ray from the axis into the fat at mid-length: every voxel equals the analytic partial-volume profile
        // air·Φ(f/σ) + (1−Φ(f/σ))·(wall·Φ(t/σ) + fat·(1−Φ(t/σ))), f = r − ρ, t = r + 3 − ρ, σ = 0.7 mm.
        var k = (int)MathF.Round(ct.WorldToVoxel(new Float3(0, 0, 30)).Z);
        var j = (int)MathF.Round(ct.WorldToVoxel(new Float3(0, 0, 30)).Y);
        var checkedWall = 0;
        for (var i = 0; i < ct.Nx; i++)
        {
            var w = ct.VoxelToWorld(new Float3(i, j, k));
            var rho = MathF.Sqrt(w.X * w.X + w.Y * w.Y);
            var air = Phi((r - rho) / 0.7); var tissue = Phi((r + 3 - rho) / 0.7);
            var expected = -1000 * air + (1 - air) * (40 * tissue - 100 * (1 - tissue));
            Assert.Equal(expected, ct[i, j, k], 1.0);
            if (expected > 0) checkedWall++;
        }
        Assert.True(checkedWall >= 2, "the profile crosses the wall");
        Assert.Equal(-100f, ct[0, 0, k], 1f);
    }

    /// <summary>
    /// Normal CDF from a Taylor series of erf (double precision; independent of the code under test).
    /// </summary>
    private static double Phi(double x)
    {
        var z = x / Math.Sqrt(2);
        if (Math.Abs(z) > 5) return z > 0 ? 1 : 0;
        double sum = 0, term = z;
        for (var n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 0.5 * (1 + 2 / Math.Sqrt(Math.PI) * sum);
    }
}
