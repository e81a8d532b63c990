using EndoDepth.Abstractions;
using EndoDepth.Experiments;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
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
        foreach (var scale in new[] { ExperimentScale.Tiny, ExperimentScale.Demo, ExperimentScale.Small,
            ExperimentScale.Medium, ExperimentScale.Paper })
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
    public void Evaluation_pools_the_papers_errors_over_all_valid_pixels()
    {
        using var tmp = new TempFolder();
        var folder = new DatasetFolder(tmp["d"]);
        var cam = CameraRecord.From(CameraModel.Pinhole(3, 1, 90f));
        folder.WriteItem(new DatasetItem("a", "s", null, "images/a.png", "depth/a.npy", cam, null, "test"),
            new ImageF(3, 1), new DepthMap(3, 1, [10f, 20f, 0f]));
        folder.CommitManifest();
        var errors = ExperimentRunner.Evaluate(new Constant([12f, 20f, 5f]), tmp["d"], null, default);
        var m = errors.Ours;
        Assert.Equal(2, m.Count);                                      // the invalid ground-truth pixel is not counted
        Assert.Equal(0.1, m.Rel, 9);                                   // (2/10 + 0) / 2
        Assert.Equal((Math.Log10(12) - 1) / 2, m.Log10, 9);
        Assert.Equal(Math.Sqrt(2), m.Rms, 5);                          // sqrt((4 + 0) / 2)
        Assert.Equal(1.0, m.Delta1);                                   // 12/10 = 1.2 < 1.25
        // Median-aligned: s = median(10, 20) / median(12, 20) = 15/16, p = 11.25, 18.75 → rel = (0.125 + 0.0625) / 2.
        Assert.Equal(2, errors.Median.Count);
        Assert.Equal(0.09375, errors.Median.Rel, 6);
        Assert.Equal(Math.Sqrt((1.25 * 1.25 + 1.25 * 1.25) / 2), errors.Median.Rms, 5);
    }

    private sealed class Constant(float[] mm) : IDepthEstimator
    {
        public DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default) =>
            new(image.Width, image.Height, (float[])mm.Clone());

        public IReadOnlyList<DepthMap> EstimateBatch(IReadOnlyList<ImageF> images, IProgress<int>? progress = null,
            CancellationToken cancellationToken = default) =>
            images.Select(i => Estimate(i, cancellationToken)).ToList();
    }
}
