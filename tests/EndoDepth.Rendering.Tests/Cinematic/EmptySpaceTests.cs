using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tests.Cinematic;

public class EmptySpaceTests
{
    [Fact]
    public void Distances_equal_the_brute_force_chessboard_distance()
    {
        const int cx = 13, cy = 9, cz = 11;
        var rng = new Random(4);
        foreach (var density in new[] { 0.0, 0.003, 0.02, 0.3 })
        {
            var m = new float[cx * cy * cz];
            for (var i = 0; i < m.Length; i++) m[i] = rng.NextDouble() < density ? 1f + (float)rng.NextDouble() : 0f;
            var d = EmptySpace.Distances(m, cx, cy, cz);
            for (var c = 0; c < cz; c++)
                for (var b = 0; b < cy; b++)
                    for (var a = 0; a < cx; a++)
                    {
                        var best = EmptySpace.Unbounded;
                        for (var k = 0; k < cz; k++)
                            for (var j = 0; j < cy; j++)
                                for (var i = 0; i < cx; i++)
                                    if (m[i + cx * (j + cy * k)] > 0f)
                                        best = Math.Min(best,
                                            Math.Max(Math.Abs(i - a), Math.Max(Math.Abs(j - b), Math.Abs(k - c))));
                        Assert.Equal(best, d[a + cx * (b + cy * c)]);
                    }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Skipping_walk_visits_the_same_occupied_cells_as_the_plain_walk_and_no_extinction_is_skipped(
        int cellSize)
    {
        var volume = TestVolumes.Tube(40, 48, 13f);
        var tf = CinematicPresets.PinkMucosa.Transfer;
        var hu = volume.AsFloat32();
        var grid = MajorantGrid.Build(hu, volume.Nx, volume.Ny, volume.Nz, cellSize);
        var plain = grid.Majorants(tf);
        var skip = grid.TrackingMajorants(tf);
        var field = VolumeField<HostView<float>>.Create(volume, new HostView<float>(hu));
        var table = new TransferTable<HostView<float>>(new HostView<float>(tf.Bake()));
        var rng = new Random(7);
        var skipped = 0;
        for (var r = 0; r < 400; r++)
        {
            // Rays from inside the lumen (near its axis) in random directions, and from outside the box.
            var o = r % 2 == 0
                ? new Float3(19.5f + (float)rng.NextDouble() * 4 - 2, 19.5f + (float)rng.NextDouble() * 4 - 2,
                    (float)rng.NextDouble() * 47)
                : new Float3(-5f, (float)rng.NextDouble() * 40, (float)rng.NextDouble() * 48);
            var d = Float3.Normalize(new Float3((float)rng.NextDouble() * 2 - 1 + (r % 2),
                (float)rng.NextDouble() * 2 - 1, (float)rng.NextDouble() * 2 - 1));
            var occupiedPlain = Walk(plain, o, d, out var plainSteps);
            var occupiedSkip = Walk(skip, o, d, out var steps);
            skipped += plainSteps - steps;
            Assert.Equal(occupiedPlain.Count, occupiedSkip.Count);
            for (var i = 0; i < occupiedPlain.Count; i++)
            {
                Assert.Equal(occupiedPlain[i].Cell, occupiedSkip[i].Cell);
                Assert.InRange(occupiedSkip[i].T0, occupiedPlain[i].T0 - 1e-4f * (1 + occupiedPlain[i].T0),
                    occupiedPlain[i].T0 + 1e-4f * (1 + occupiedPlain[i].T0));
                Assert.InRange(occupiedSkip[i].T1, occupiedPlain[i].T1 - 1e-4f * (1 + occupiedPlain[i].T1),
                    occupiedPlain[i].T1 + 1e-4f * (1 + occupiedPlain[i].T1));
            }
            // Brute force: wherever σt > 0 along the ray, an occupied cell of the skipping walk covers that point.
            for (var t = 0f; t < 100f; t += 0.05f)
            {
                var v = field.ToVoxel(o + d * t);
                if (!field.Contains(v) || table.SigmaT(field.Sample(v)) <= 0f) continue;
                Assert.Contains(occupiedSkip, c => c.T0 - 1e-3f <= t && t <= c.T1 + 1e-3f);
            }
        }
        Assert.True(skipped > 400, $"the skip saved only {skipped} steps");

        List<(int Cell, float T0, float T1)> Walk(float[] majorants, Float3 o, Float3 d, out int steps)
        {
            var list = new List<(int, float, float)>();
            steps = 0;
            var walk = default(CellWalk);
            if (!walk.Begin(field.ToVoxel(o), field.DirectionToVoxel(d), 0f, float.MaxValue,
                    volume.Nx, volume.Ny, volume.Nz, grid.CellSize, grid.Cx, grid.Cy, grid.Cz))
                return list;
            while (true)
            {
                steps++;
                var m = majorants[walk.Cell];
                if (m <= -2f)
                {
                    if (!walk.Skip((int)-m - 1)) break;
                    continue;
                }
                if (m > 0f) list.Add((walk.Cell, walk.T0, walk.T1));
                if (!walk.Advance()) break;
            }
            return list;
        }
    }

    [Fact]
    public void Radius_around_a_point_holds_no_extinction()
    {
        var rng = new Random(11);
        var volumes = new[]
        {
            (TestVolumes.Tube(40, 48, 13f), new Float3(19.5f, 19.5f, 24f), 4f),
            (TestVolumes.Ball(40, new Float3(1f, 1f, 1.25f), new Float3(20f, 20f, 25f), 9f, edgeVoxels: 2f),
                new Float3(20f, 20f, 25f), 18f),
        };
        var positive = 0;
        foreach (var (volume, centre, spread) in volumes)
        {
            var hu = volume.AsFloat32();
            var tf = CinematicPresets.RedVascular.Transfer;
            var grid = MajorantGrid.Build(hu, volume.Nx, volume.Ny, volume.Nz, 1);
            var majorants = grid.TrackingMajorants(tf);
            var field = VolumeField<HostView<float>>.Create(volume, new HostView<float>(hu));
            var table = new TransferTable<HostView<float>>(new HostView<float>(tf.Bake()));
            for (var i = 0; i < 300; i++)
            {
                var p = centre + new Float3((float)rng.NextDouble() * 2 - 1, (float)rng.NextDouble() * 2 - 1,
                    (float)rng.NextDouble() * 2 - 1) * spread;
                var r = EmptySpace.RadiusAround(majorants, grid, field, p);
                if (r > 0f) positive++;
                for (var k = 0; k < 20; k++)
                {
                    var d = Float3.Normalize(new Float3((float)rng.NextDouble() * 2 - 1,
                        (float)rng.NextDouble() * 2 - 1, (float)rng.NextDouble() * 2 - 1));
                    for (var t = 0f; t < r; t += 0.05f)
                        Assert.True(table.SigmaT(field.SampleWorld(p + d * t)) == 0f,
                            $"σt > 0 at {t} mm < radius {r} from {p}");
                }
            }
        }
        Assert.True(positive > 150, $"only {positive} points had empty space around them");
    }
}
