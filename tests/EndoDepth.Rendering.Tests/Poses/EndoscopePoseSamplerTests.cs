using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;

namespace EndoDepth.Rendering.Tests.Poses;

public class EndoscopePoseSamplerTests
{
    private const float Radius = 10f;

    /// <summary>A straight centerline along +z from the origin, of the given length (mm).</summary>
    private static Centerline StraightLine(float lengthMm)
    {
        var points = Enumerable.Range(0, (int)lengthMm + 1).Select(z => new Float3(0f, 0f, z)).ToList();
        return Centerline.FromPoints(points, [.. points.Select(_ => Radius)], 1f);
    }

    /// <summary>The analytic clearance inside a cylinder of <see cref="Radius"/> about the z axis.</summary>
    private static float TubeClearance(Float3 p) => Radius - MathF.Sqrt(p.X * p.X + p.Y * p.Y);

    [Fact]
    public void Poses_keep_the_clearance_and_the_end_margins_of_an_analytic_tube()
    {
        var settings = new EndoscopePoseSettings { EndMarginMm = 30f, MinWallClearanceMm = 3f };
        var sampler = new EndoscopePoseSampler(StraightLine(200f), TubeClearance, settings);
        var rng = new SplitMix64(11);
        for (var i = 0; i < 200; i++)
        {
            var pose = sampler.Sample(ref rng);
            Assert.True(TubeClearance(pose.Position) >= 3f, $"pose {i} at {pose.Position} is too close to the wall");
            Assert.InRange(pose.Position.Z, 30f, 170f);
            Assert.Equal(1f, pose.Forward.LengthSquared, 1e-3f);
        }
    }

    [Fact]
    public void Short_lumens_keep_their_middle_half()
    {
        var sampler = new EndoscopePoseSampler(StraightLine(40f), TubeClearance,
            new EndoscopePoseSettings { EndMarginMm = 35f, MinWallClearanceMm = 1f });
        var rng = new SplitMix64(3);
        for (var i = 0; i < 100; i++) Assert.InRange(sampler.Sample(ref rng).Position.Z, 10f, 30f);
    }

    [Fact]
    public void A_clearance_lookup_that_never_clears_falls_back_to_the_axis()
    {
        var sampler = new EndoscopePoseSampler(StraightLine(100f), _ => 0f);
        var rng = new SplitMix64(5);
        var pose = sampler.Sample(ref rng);
        Assert.Equal(0f, pose.Position.X, 1e-4f);
        Assert.Equal(0f, pose.Position.Y, 1e-4f);
    }

    [Fact]
    public void A_phantom_sampler_is_the_centerline_sampler_over_its_signed_distance_grid()
    {
        var phantom = ColonPhantom.Generate(ColonPhantomSettings.StraightTube(12f, 120f), 1);
        phantom.UseSurface(phantom.BakeSurface(2f));
        var ofPhantom = new EndoscopePoseSampler(phantom);
        var general = new EndoscopePoseSampler(phantom.Centerline, phantom.Surface.Sample);
        var a = new SplitMix64(8); var b = new SplitMix64(8);
        for (var i = 0; i < 20; i++)
        {
            var pose = ofPhantom.Sample(ref a);
            Assert.Equal(general.Sample(ref b), pose);
            Assert.True(phantom.Surface.Sample(pose.Position) >= ofPhantom.Settings.MinWallClearanceMm);
        }
    }

    [Fact]
    public void Same_stream_gives_the_same_poses()
    {
        var sampler = new EndoscopePoseSampler(StraightLine(150f), TubeClearance);
        var a = new SplitMix64(21); var b = new SplitMix64(21); var c = new SplitMix64(22);
        var first = sampler.Sample(ref a);
        Assert.Equal(first, sampler.Sample(ref b));
        Assert.NotEqual(first, sampler.Sample(ref c));
    }
}
