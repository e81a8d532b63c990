using EndoDepth.Datasets;

namespace EndoDepth.Core.Tests.Datasets;

public sealed class PredictionInputsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("endodepth-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }

    [Fact]
    public void A_folder_expands_to_its_images_with_outputs_mirroring_their_paths()
    {
        Touch("frames/seq1/0001.png");
        Touch("frames/seq2/0001.PNG");
        Touch("frames/seq2/0002.jpg");
        Touch("frames/notes.txt");
        var inputs = PredictionInputs.Expand([Path.Combine(_root, "frames")]);
        Assert.Equal(["seq1/0001", "seq2/0001", "seq2/0002"], inputs.Select(i => i.OutputStem));
        Assert.All(inputs, i => Assert.True(Path.IsPathRooted(i.Image)));
    }

    [Fact]
    public void Files_stand_for_themselves_and_a_collision_is_refused_naming_both()
    {
        var a = Touch("a/x.png");
        var b = Touch("b/x.jpg");
        Assert.Equal("x", Assert.Single(PredictionInputs.Expand([a])).OutputStem);
        var e = Assert.Throws<ArgumentException>(() => PredictionInputs.Expand([a, b]));
        Assert.Contains(a, e.Message, StringComparison.Ordinal);
        Assert.Contains(b, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_or_a_folder_without_images_is_refused()
    {
        Assert.Throws<FileNotFoundException>(() => PredictionInputs.Expand([Path.Combine(_root, "nope")]));
        Touch("empty/readme.txt");
        Assert.Throws<ArgumentException>(() => PredictionInputs.Expand([Path.Combine(_root, "empty")]));
    }
}
