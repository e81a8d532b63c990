using EndoDepth.Geometry;

namespace EndoDepth.Core.Tests.Geometry;

public class LightRigTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Lights_sit_evenly_on_a_circle_around_the_lens(int count)
    {
        var rig = LightRig.AroundLens(count, radiusMm: 5f, intensity: 2f);
        Assert.Equal(count, rig.Lights.Count);
        foreach (var l in rig.Lights)
        {
            Assert.Equal(5f, MathF.Sqrt(l.Offset.X * l.Offset.X + l.Offset.Y * l.Offset.Y), 4);
            Assert.Equal(0f, l.Offset.Z);
            Assert.Equal(2f, l.Intensity);
        }
        // Evenly spaced: the lights' centroid is the lens centre.
        Assert.Equal(0f, rig.Lights.Sum(l => l.Offset.X), 4);
        Assert.Equal(0f, rig.Lights.Sum(l => l.Offset.Y), 4);
    }

    [Fact]
    public void Unrealistic_rigs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LightRig.AroundLens(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LightRig.AroundLens(4));
        Assert.Throws<ArgumentException>(() => new LightRig([new PointLight(Float3.Zero, float.NaN)]));
        Assert.Throws<ArgumentException>(() => new LightRig([]));
    }
}
