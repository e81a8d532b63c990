using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Tests.Cinematic;

public class TrackingTests
{
    /// <summary>σt rises linearly from 0 at air to <paramref name="sigma"/> at tissue (exactly linear in HU).</summary>
    private static TransferFunction Linear(float sigma) => new([
        new TransferPoint(TestVolumes.Air, 0f, 1f, new Float3(1, 1, 1), 0.5f, 0f),
        new TransferPoint(TestVolumes.Tissue, sigma, 1f, new Float3(1, 1, 1), 0.5f, 0f),
    ]);

    internal static Medium<HostView<float>> HostMedium(CtVolume volume, TransferFunction tf, int cellSize = 4,
        bool skipEmpty = true)
    {
        var hu = volume.AsFloat32();
        var grid = MajorantGrid.Build(hu, volume.Nx, volume.Ny, volume.Nz, cellSize);
        var baked = tf.Bake();
        return new Medium<HostView<float>>
        {
            Field = VolumeField<HostView<float>>.Create(volume, new HostView<float>(hu)),
            Transfer = new TransferTable<HostView<float>>(new HostView<float>(baked)),
            Majorant = new HostView<float>(skipEmpty ? grid.TrackingMajorants(tf) : grid.Majorants(tf)),
            CellSize = grid.CellSize, Cx = grid.Cx, Cy = grid.Cy, Cz = grid.Cz,
        };
    }

    [Fact]
    public void Slab_transmittance_matches_beer_lambert_by_delta_and_ratio_tracking()
    {
        // A tissue slab 20 voxels thick (k = 20..39) in air, 1 mm voxels: with the one-voxel linear partial-volume
        // edges and σt linear in HU, ∫σt dz = 20·σt exactly, so T = exp(−20 σt) for a ray along z and
        // exp(−20 σt / cos θ) obliquely.
        const float sigma = 0.08f;
        var medium = HostMedium(TestVolumes.SlabZ(12, 12, 64, 20, 40, TestVolumes.Tissue), Linear(sigma));
        foreach (var dir in new[] { Float3.UnitZ, Float3.Normalize(new Float3(0.1f, 0.05f, 1f)) })
        {
            var expected = Math.Exp(-20 * sigma / dir.Z);
            var o = new Float3(5.5f - 30f * dir.X / dir.Z, 5.5f - 30f * dir.Y / dir.Z, 0f);
            const int n = 40_000;
            int escaped = 0; double ratio = 0, ratioSq = 0;
            for (var i = 0; i < n; i++)
            {
                var rng = new PathRandom(3, (uint)i, 0);
                if (!medium.SampleCollision(o, dir, float.MaxValue, ref rng, out _)) escaped++;
                double t = medium.Transmittance(o, dir, 63f / dir.Z, ref rng);
                ratio += t; ratioSq += t * t;
            }
            var p = (double)escaped / n;
            var seDelta = Math.Sqrt(expected * (1 - expected) / n);
            Assert.InRange(p, expected - 3 * seDelta, expected + 3 * seDelta);
            var mean = ratio / n;
            var seRatio = Math.Sqrt(Math.Max(ratioSq / n - mean * mean, 1e-12) / n);
            Assert.InRange(mean, expected - 3 * seRatio - 1e-4, expected + 3 * seRatio + 1e-4);
        }
    }

    [Fact]
    public void Homogeneous_medium_free_flight_distances_are_exponential()
    {
        const float sigma = 0.2f;
        var medium = HostMedium(TestVolumes.Homogeneous(16, 16, 120, TestVolumes.Tissue), Linear(sigma));
        const int n = 40_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            var rng = new PathRandom(5, (uint)i, 1);
            Assert.True(
                medium.SampleCollision(new Float3(7.5f, 7.5f, 0f), Float3.UnitZ, float.MaxValue, ref rng, out var t));
            sum += t; sumSq += t * t;
        }
        var mean = sum / n;
        var se = Math.Sqrt((sumSq / n - mean * mean) / n);
        // Mean free path 1/σt (the tail past 119 mm is exp(−24): negligible).
        Assert.InRange(mean, 1 / sigma - 3 * se, 1 / sigma + 3 * se);
    }

    [Fact]
    public void Free_flights_through_cells_of_rising_majorant_follow_the_analytic_distribution()
    {
        // σt rises linearly along z (HU linear in k, σt linear in HU): σt(z) = σ·z/119, so P(no collision before z) =
        // exp(−σz²/238). One-voxel cells, each with its own majorant, and a mean free path of many cells: the optical
        // depth of one tentative collision is spread over several cells (carried from cell to cell).
        const int nz = 120;
        const float sigma = 0.05f;
        var hu = new float[8 * 8 * nz];
        for (var k = 0; k < nz; k++)
            for (var q = 0; q < 64; q++)
                hu[q + 64 * k] = TestVolumes.Air + (TestVolumes.Tissue - TestVolumes.Air) * k / (nz - 1f);
        var medium = HostMedium(CtVolume.FromFloat32(8, 8, nz, hu, new Float3(1, 1, 1)), Linear(sigma), cellSize: 1);
        const int n = 20_000;
        var zs = new[] { 20f, 40f, 60f, 80f, 100f };
        var before = new int[zs.Length];
        for (var i = 0; i < n; i++)
        {
            var rng = new PathRandom(11, (uint)i, 2);
            var t = medium.SampleCollision(new Float3(3.5f, 3.5f, 0f), Float3.UnitZ, float.MaxValue, ref rng, out var d)
                ? d
                : float.MaxValue;
            for (var j = 0; j < zs.Length; j++) if (t < zs[j]) before[j]++;
        }
        for (var j = 0; j < zs.Length; j++)
        {
            var p = 1 - Math.Exp(-sigma * zs[j] * zs[j] / (2 * (nz - 1)));
            var se = Math.Sqrt(p * (1 - p) / n);
            Assert.InRange(before[j] / (double)n, p - 3 * se - 1e-3, p + 3 * se + 1e-3);
        }
    }

    [Fact]
    public void Majorants_bound_the_extinction_everywhere()
    {
        var volume = TestVolumes.Tube(24, 40, 7f);
        var tf = CinematicPresets.PaleGlossy.Transfer;
        var medium = HostMedium(volume, tf, cellSize: 8, skipEmpty: false);
        var rng = new PathRandom(1, 2, 3);
        for (var i = 0; i < 20_000; i++)
        {
            var v = new Float3(rng.NextFloat() * 24 - 0.5f, rng.NextFloat() * 24 - 0.5f, rng.NextFloat() * 40 - 0.5f);
            var sigma = medium.Transfer.SigmaT(medium.Field.Sample(v));
            var cell = MajorantGrid.CellOf(v.X, 8, medium.Cx)
                + medium.Cx * (MajorantGrid.CellOf(v.Y, 8, medium.Cy)
                    + medium.Cy * MajorantGrid.CellOf(v.Z, 8, medium.Cz));
            Assert.True(sigma <= medium.Majorant.Load(cell),
                $"σt {sigma} above majorant {medium.Majorant.Load(cell)} at {v}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cell_hu_ranges_bound_trilinear_sampling_and_equal_brute_force(int cellSize)
    {
        const int nx = 9, ny = 7, nz = 8;
        var rng = new Random(cellSize);
        var hu = new float[nx * ny * nz];
        for (var i = 0; i < hu.Length; i++) hu[i] = (float)(rng.NextDouble() * 2000 - 1000);
        var grid = MajorantGrid.Build(hu, nx, ny, nz, cellSize);
        for (var c = 0; c < grid.Cz; c++)
            for (var b = 0; b < grid.Cy; b++)
                for (var a = 0; a < grid.Cx; a++)
                {
                    float lo = float.MaxValue, hi = float.MinValue;
                    for (var k = Math.Max(0, c * cellSize - 1); k <= Math.Min(nz - 1, (c + 1) * cellSize - 1); k++)
                        for (var j = Math.Max(0, b * cellSize - 1); j <= Math.Min(ny - 1, (b + 1) * cellSize - 1); j++)
                            for (var i = Math.Max(0, a * cellSize - 1);
                                 i <= Math.Min(nx - 1, (a + 1) * cellSize - 1);
                                 i++)
                            {
                                lo = Math.Min(lo, hu[i + nx * (j + ny * k)]);
                                hi = Math.Max(hi, hu[i + nx * (j + ny * k)]);
                            }
                    var idx = a + grid.Cx * (b + grid.Cy * c);
                    Assert.Equal(lo, grid.MinHu[idx]);
                    Assert.Equal(hi, grid.MaxHu[idx]);
                }
        // Every trilinear value lies in its cell's range.
        var field = VolumeField<HostView<float>>.Create(CtVolume.FromFloat32(nx, ny, nz, hu, new Float3(1, 1, 1)),
            new HostView<float>(hu));
        var r = new PathRandom(1, 1, (uint)cellSize);
        for (var s = 0; s < 5000; s++)
        {
            var v = new Float3(r.NextFloat() * nx - 0.5f, r.NextFloat() * ny - 0.5f, r.NextFloat() * nz - 0.5f);
            var idx = MajorantGrid.CellOf(v.X, cellSize, grid.Cx)
                + grid.Cx * (MajorantGrid.CellOf(v.Y, cellSize, grid.Cy)
                    + grid.Cy * MajorantGrid.CellOf(v.Z, cellSize, grid.Cz));
            var h = field.Sample(v);
            Assert.InRange(h, grid.MinHu[idx] - 1e-3f, grid.MaxHu[idx] + 1e-3f);
        }
    }

    [Fact]
    public void Trilinear_sampling_reproduces_a_linear_field_exactly()
    {
        const int n = 10;
        var v = new float[n * n * n];
        for (var k = 0; k < n; k++)
            for (var j = 0; j < n; j++)
                for (var i = 0; i < n; i++)
                    v[i + n * (j + n * k)] = 3 * i - 2 * j + 5 * k;
        var spacing = new Float3(0.5f, 1f, 2f);
        var vol = CtVolume.FromFloat32(n, n, n, v, spacing, new Float3(10, 20, 30));
        var f = VolumeField<HostView<float>>.Create(vol, new HostView<float>(v));
        var rng = new PathRandom(9, 9, 9);
        for (var s = 0; s < 1000; s++)
        {
            var p = new Float3(rng.NextFloat() * (n - 1), rng.NextFloat() * (n - 1), rng.NextFloat() * (n - 1));
            var w = vol.VoxelToWorld(p);
            Assert.True(MathF.Abs(3 * p.X - 2 * p.Y + 5 * p.Z - f.SampleWorld(w)) < 1e-3f);
        }
        // The world gradient of HU = 3i − 2j + 5k is (3/0.5, −2/1, 5/2) HU/mm.
        var g = f.Gradient(new Float3(4.3f, 5.1f, 3.7f));
        Assert.Equal(6f, g.X, 3); Assert.Equal(-2f, g.Y, 3); Assert.Equal(2.5f, g.Z, 3);
        Assert.Equal(VolumeField<HostView<float>>.AirHu, f.Sample(new Float3(-1f, 2, 2)));
        // On a non-linear field, inside and at the edges: central differences of Sample one voxel apart, chained.
        for (var i = 0; i < v.Length; i++) v[i] = MathF.Sin(0.7f * i) * 300f;
        for (var s = 0; s < 500; s++)
        {
            var p = new Float3(rng.NextFloat() * (n + 1) - 1f, rng.NextFloat() * (n + 1) - 1f,
                rng.NextFloat() * (n + 1) - 1f);
            var dx = 0.5f * (f.Sample(new Float3(p.X + 1f, p.Y, p.Z)) - f.Sample(new Float3(p.X - 1f, p.Y, p.Z)));
            var dy = 0.5f * (f.Sample(new Float3(p.X, p.Y + 1f, p.Z)) - f.Sample(new Float3(p.X, p.Y - 1f, p.Z)));
            var dz = 0.5f * (f.Sample(new Float3(p.X, p.Y, p.Z + 1f)) - f.Sample(new Float3(p.X, p.Y, p.Z - 1f)));
            var expected = f.M0 * dx + f.M1 * dy + f.M2 * dz;
            var got = f.Gradient(p);
            Assert.True((got - expected).Length <= 1e-4f * (1f + expected.Length),
                $"gradient {got} vs {expected} at {p}");
        }
    }
}
