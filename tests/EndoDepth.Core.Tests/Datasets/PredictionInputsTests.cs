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

    [Fact]
    public void A_quoted_glob_expands_to_the_files_it_matches_mirrored_below_its_last_plain_folder()
    {
        Touch("frames/seq1/0001.png");
        Touch("frames/seq2/0001.png");
        Touch("frames/seq2/0002.jpg");
        Touch("frames/top.png");
        var deep = PredictionInputs.Expand([Path.Combine(_root, "frames", "**", "*.png")]);
        Assert.Equal(["seq1/0001", "seq2/0001", "top"], deep.Select(i => i.OutputStem));
        var shallow = PredictionInputs.Expand([Path.Combine(_root, "frames", "seq2", "*")]);
        Assert.Equal(["0001", "0002"], shallow.Select(i => i.OutputStem));
        // Relative patterns are taken from the working folder, like relative paths.
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_root, "frames"));
        Assert.Equal(["seq1/0001", "seq2/0001"],
            PredictionInputs.Expand([relative + "/*/*.png"]).Select(i => i.OutputStem));
        var e = Assert.Throws<FileNotFoundException>(() =>
            PredictionInputs.Expand([Path.Combine(_root, "frames", "*.tiff")]));
        Assert.Contains("matches no image", e.Message, StringComparison.Ordinal);
        Assert.True(PredictionInputs.IsPattern("a/**/b*.png"));
        Assert.False(PredictionInputs.IsPattern("a/b.png"));
    }

    [Fact]
    public void Videos_are_inputs_whose_frames_go_into_a_folder_named_after_them()
    {
        Touch("clips/a.mp4");
        Touch("clips/sub/b.AVI");
        Touch("clips/c.png");
        var inputs = PredictionInputs.Expand([Path.Combine(_root, "clips")]);
        Assert.Equal([("a", true), ("c", false), ("sub/b", true)],
            inputs.Select(i => (i.OutputStem, i.IsVideo)));
        // A video's frames go to a/000000…; an image already writing into a/ is refused.
        Touch("mixed/a.mp4");
        Touch("mixed/a/000001.png");
        var e = Assert.Throws<ArgumentException>(() => PredictionInputs.Expand([Path.Combine(_root, "mixed")]));
        Assert.Contains("a.mp4", e.Message, StringComparison.Ordinal);
    }
}
