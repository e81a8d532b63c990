using EndoDepth.Cli.Experiments;
using EndoDepth.Imaging;

namespace EndoDepth.Cli.Tests.Experiments;

/// <summary>Protocol bookkeeping and the error measures, against hand-computed values.</summary>
public sealed class ProtocolTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public void Phantom_roles_are_disjoint_at_every_scale(int seed)
    {
        foreach (var scale in new[] { ExperimentScale.Tiny, ExperimentScale.Demo, ExperimentScale.Small, ExperimentScale.Medium, ExperimentScale.Paper })
        {
            var p = ExperimentProtocol.Create(scale, seed, ["a", "b", "c", "d"], ["x"], null);
            p.Validate();
            Assert.Equal(scale.SyntheticPhantoms, p.SyntheticPhantoms.Count);
            Assert.Equal(scale.TestPhantoms, p.TestPhantoms.Count);
        }
    }

    [Fact]
    public void Paper_scale_has_the_papers_counts()
    {
        var s = ExperimentScale.ByName("paper");
        Assert.Equal([200_000, 100_000], s.PretrainSizes);
        Assert.Equal(300, s.FineTuneScenes);   // × 4 presets = 1,200 renders
        Assert.Equal(200, s.PretrainEpochs);
        Assert.Throws<ArgumentException>(() => ExperimentScale.ByName("huge"));
    }

    [Fact]
    public void Errors_match_hand_computed_values()
    {
        var e = new DepthErrors();
        e.Add(new DepthMap(3, 1, [12f, 20f, 5f]), new DepthMap(3, 1, [10f, 20f, 0f])); // third pixel: invalid ground truth
        var m = e.Result();
        Assert.Equal(2, m.Count);
        Assert.Equal(0.1, m.Rel, 12);                                  // (0.2 + 0) / 2
        Assert.Equal((Math.Log10(12) - 1) / 2, m.Log10, 12);
        Assert.Equal(Math.Sqrt(2), m.Rms, 6);                          // sqrt((4 + 0) / 2)
        Assert.Equal(1.0, m.Delta1);                                   // 12/10 = 1.2 < 1.25
        Assert.True(double.IsNaN(new DepthErrors().Result().Rel));
    }
}
