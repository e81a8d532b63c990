using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Rendering.Tests.Cinematic;

public class RandomPresetTests
{
    [Fact]
    public void Same_seed_gives_the_same_look_and_another_seed_another()
    {
        var a = CinematicPresets.Random(17);
        var b = CinematicPresets.Random(17);
        var c = CinematicPresets.Random(18);
        Assert.Equal("random-17", a.Name);
        Assert.Equal(a.Texture, b.Texture);
        Assert.Equal((a.PhaseG, a.SurfaceProbability, a.GradientScaleHuPerMm, a.ExposureEv),
            (b.PhaseG, b.SurfaceProbability, b.GradientScaleHuPerMm, b.ExposureEv));
        Assert.Equal(a.Transfer.Bake(), b.Transfer.Bake());
        Assert.NotEqual(a.Texture, c.Texture);
    }

    [Fact]
    public void Random_looks_stay_in_their_documented_ranges()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var p = CinematicPresets.Random(seed);
            Assert.InRange(p.PhaseG, 0.5f, 0.93f);
            Assert.InRange(p.SurfaceProbability, 0.7f, 0.95f);
            Assert.InRange(p.GradientScaleHuPerMm, 100f, 250f);
            Assert.InRange(p.ExposureEv, -0.3f, 0.3f);
            p.Validate();
        }
    }
}
