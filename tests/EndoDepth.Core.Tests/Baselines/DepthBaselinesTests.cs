using EndoDepth.Baselines;
using EndoDepth.Datasets;

namespace EndoDepth.Core.Tests.Baselines;

/// <summary>Baselines by name, and the refusals every fit shares.</summary>
public sealed class DepthBaselinesTests
{
    private static HandMadeFolder Two(float[] first, float[] second, IReadOnlyList<int>? train = null) =>
        new([(HandMadeFolder.Grey(2, 2, 0.5f), HandMadeFolder.Depth(2, 2, first)),
            (HandMadeFolder.Grey(2, 2, 0.25f), HandMadeFolder.Depth(2, 2, second))], train);

    [Theory]
    [InlineData("constant", BaselineKind.Constant, typeof(ConstantDepthBaseline))]
    [InlineData("prior", BaselineKind.Prior, typeof(MeanDepthPriorBaseline))]
    [InlineData("shading", BaselineKind.Shading, typeof(InverseSquareShadingBaseline))]
    public void Names_parse_and_fit_their_baseline(string name, BaselineKind kind, Type type)
    {
        Assert.Equal(kind, DepthBaselines.Parse(name));
        Assert.Equal(name, DepthBaselines.Name(kind));
        using var f = Two([10, 20, 30, 40], [50, 60, 70, 80]);
        Assert.IsType(type, DepthBaselines.Fit(kind, f.Folder, SplitName.Train));
    }

    [Theory]
    [InlineData("Constant")]
    [InlineData("oracle")]
    [InlineData("")]
    public void Other_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => DepthBaselines.Parse(name));

    [Theory]
    [InlineData(BaselineKind.Constant)]
    [InlineData(BaselineKind.Prior)]
    [InlineData(BaselineKind.Shading)]
    public void An_empty_split_of_a_split_folder_is_refused_naming_the_folder(BaselineKind kind)
    {
        using var f = Two([10, 20, 30, 40], [50, 60, 70, 80], train: []);
        var e = Assert.Throws<DatasetException>(() => DepthBaselines.Fit(kind, f.Folder, SplitName.Train));
        Assert.Contains(f.Root, e.Message, StringComparison.Ordinal);
        Assert.Contains("Train", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BaselineKind.Constant)]
    [InlineData(BaselineKind.Prior)]
    [InlineData(BaselineKind.Shading)]
    public void A_set_without_a_valid_pixel_is_refused_naming_the_folder(BaselineKind kind)
    {
        using var f = Two([0, 0, 0, 0], [0, float.NaN, 0, -3]);
        var e = Assert.Throws<DatasetException>(() => DepthBaselines.Fit(kind, f.Folder, SplitName.Train));
        Assert.Contains(f.Root, e.Message, StringComparison.Ordinal);
        Assert.Contains("no valid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_split_of_an_unsplit_folder_means_every_item()
    {
        using var f = Two([10, 20, 30, 40], [50, 60, 70, 80]);
        var constant = (ConstantDepthBaseline)DepthBaselines.Fit(BaselineKind.Constant, f.Folder, SplitName.Test);
        Assert.Equal(45, constant.DepthMm, 9);
    }

    [Fact]
    public void Progress_counts_the_images_read_and_shading_reads_them_twice()
    {
        using var f = Two([10, 20, 30, 40], [50, 60, 70, 80]);
        var seen = new List<int>();
        var progress = new Recorder(seen);
        ConstantDepthBaseline.Fit(f.Folder, SplitName.Train, progress);
        Assert.Equal([1, 2], seen);
        seen.Clear();
        InverseSquareShadingBaseline.Fit(f.Folder, SplitName.Train, progress);
        Assert.Equal([1, 2, 3, 4], seen);
    }

    private sealed class Recorder(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
