using System.Text.Json;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Cli.Tests.Estimator;

/// <summary>
/// `endodepth evaluate --model baseline:…` on hand-made dataset folders, against hand-computed errors.
/// </summary>
public sealed class BaselineEvaluateTests
{
    private const int Side = 32;

    /// <summary>
    /// Writes items (image, depth) as one scene each; with <paramref name="trainScenes"/>, a splits.json (the rest
    /// test).
    /// </summary>
    private static string Folder(string root, List<(ImageF Image, DepthMap Depth)> items,
        IReadOnlyList<int>? trainScenes = null)
    {
        var folder = new DatasetFolder(root);
        var cam = CameraRecord.From(CameraModel.Pinhole(Side, Side, 90f));
        for (var i = 0; i < items.Count; i++)
            folder.WriteItem(new DatasetItem($"i{i}", $"s{i}", null, $"images/i{i}.png", $"depth/i{i}.npy", cam, null,
                "hand-made"), items[i].Image, items[i].Depth);
        folder.CommitManifest();
        if (trainScenes is not null)
            new SceneSplit { Train = trainScenes.Select(i => $"s{i}").ToList(), Test = Enumerable.Range(0, items.Count)
                .Except(trainScenes).Select(i => $"s{i}").ToList() }
                .Save(Path.Combine(root, DatasetFolder.SplitsFileName));
        return root;
    }

    /// <summary>Quadrants of grey 0.1, 0.5 / 0.5, 0.9 (SLIC with 4 superpixels returns the quadrants).</summary>
    private static ImageF Quadrants()
    {
        var img = new ImageF(Side, Side);
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++) img[x, y] = (x < Side / 2 ? 0.1f : 0.5f) + (y < Side / 2 ? 0f : 0.4f);
        return img;
    }

    private static DepthMap Depth(Func<int, int, float> mm)
    {
        var d = new float[Side * Side];
        for (var y = 0; y < Side; y++) for (var x = 0; x < Side; x++) d[y * Side + x] = mm(x, y);
        return new DepthMap(Side, Side, d);
    }

    private static ImageF Grey(float v)
    {
        var im = new ImageF(Side, Side);
        Array.Fill(im.Data, v);
        return im;
    }

    /// <summary>
    /// Two items: left half 10 mm / right half 30 mm, and 20 mm everywhere except an invalid top row.
    /// </summary>
    private static string TwoPlanes(string root) => Folder(root,
    [
        (Quadrants(), Depth((x, _) => x < Side / 2 ? 10 : 30)),
        (Quadrants(), Depth((_, y) => y == 0 ? 0 : 20)),
    ]);

    private static JsonElement Json(params string[] args)
    {
        var (code, output, err) = Endodepth.Run(["evaluate", .. args, "--json"]);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public void Constant_fitted_on_the_evaluated_folder_gives_the_hand_computed_errors()
    {
        using var tmp = new TempFolder();
        var data = TwoPlanes(tmp["d"]);
        var j = Json("--model", "baseline:constant", "--data", data, "--split", "Train");
        // Mean of the valid pixels: (512·10 + 512·30 + 992·20) / 2016 = 40320/2016 = 20 → rel = (512·1 + 512·⅓
        // + 0) / 2016.
        Assert.Equal("baseline:constant", j.GetProperty("model").GetString());
        Assert.Equal(Path.GetFullPath(data), j.GetProperty("fit").GetString());
        Assert.Equal(2016, j.GetProperty("count").GetInt64());
        Assert.Equal((512 + 512 / 3.0) / 2016, j.GetProperty("rel").GetDouble(), 6);
        Assert.Equal(Math.Sqrt(1024 * 100.0 / 2016), j.GetProperty("rms").GetDouble(), 4);
    }

    [Fact]
    public void Fit_takes_another_folders_train_split()
    {
        using var tmp = new TempFolder();
        var data = TwoPlanes(tmp["d"]);
        // Train scene s0 is 40 mm everywhere; test scene s1 (50 mm) is not fitted on.
        var other = Folder(tmp["fit"], [(Grey(0.5f), Depth((_, _) => 40)), (Grey(0.5f), Depth((_, _) => 50))],
            trainScenes: [0]);
        var j = Json("--model", "baseline:constant", "--data", data, "--split", "Train", "--fit", other);
        Assert.Equal(Path.GetFullPath(other), j.GetProperty("fit").GetString());
        Assert.Equal((512 * 3 + 512 * 1 / 3.0 + 992 * 1) / 2016, j.GetProperty("rel").GetDouble(), 6); // |g − 40| / g
    }

    [Fact]
    public void Prior_on_its_own_training_set_predicts_each_pixels_mean()
    {
        using var tmp = new TempFolder();
        var data = TwoPlanes(tmp["d"]);
        var j = Json("--model", "baseline:prior", "--data", data, "--split", "Train");
        // Prior: top row 10 | 30 (only item 0 valid), elsewhere 15 | 25. Item 0 errors 5/10, 5/30 below the top row;
        // item 1: 5/20 everywhere valid. (16 + 16 top-row pixels of item 0 are exact.)
        var expected = (496 * 0.5 + 496 * (5 / 30.0) + 992 * 0.25) / 2016;
        Assert.Equal(expected, j.GetProperty("rel").GetDouble(), 6);
    }

    [Fact]
    public void Shading_recovers_the_depth_of_images_rendered_with_inverse_square_falloff()
    {
        using var tmp = new TempFolder();
        // L^2.2 = (c/d)² with v = m/255 exact in 8 bits: d = c / v^1.1, c = 10 mm.
        var items = new[] { 60, 120, 200, 90 }.Select(m => (Grey(m / 255f),
            Depth((_, _) => (float)(10 / Math.Pow(m / 255f, 1.1))))).ToList();
        var data = Folder(tmp["d"], items, trainScenes: [0, 1, 2]);
        var j = Json("--model", "baseline:shading", "--data", data, "--split", "Test");
        Assert.Equal(Side * Side, j.GetProperty("count").GetInt64());
        Assert.InRange(j.GetProperty("rel").GetDouble(), 0, 0.005); // ε = 10⁻⁴ shifts depth by < 0.5 %
    }

    [Fact]
    public void Oracle_of_depth_constant_per_superpixel_is_exact()
    {
        using var tmp = new TempFolder();
        var data = Folder(tmp["d"],
            [(Quadrants(), Depth((x, y) => x < Side / 2 ? (y < Side / 2 ? 10 : 20) : (y < Side / 2 ? 30 : 40)))]);
        var j = Json("--model", "baseline:oracle", "--superpixels", "4", "--data", data, "--split", "Train");
        Assert.Equal("baseline:oracle", j.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("fit").ValueKind);
        Assert.Equal(0, j.GetProperty("rel").GetDouble());
        Assert.Equal(0, j.GetProperty("rms").GetDouble());
    }

    [Fact]
    public void The_table_output_names_the_baseline()
    {
        using var tmp = new TempFolder();
        var (code, output, err) = Endodepth.Run("evaluate", "--model", "baseline:shading", "--data",
            TwoPlanes(tmp["d"]), "--split", "Train");
        Assert.True(code == 0, err);
        Assert.Contains("baseline:shading", output, StringComparison.Ordinal);
        Assert.Contains("rel", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("baseline:median", "baseline:median")]
    [InlineData("baseline:oracle --fit", "--fit")]
    [InlineData("baseline:constant --superpixels", "--superpixels")]
    public void Misuse_exits_2_with_one_line_saying_what(string model, string named)
    {
        using var tmp = new TempFolder();
        var data = TwoPlanes(tmp["d"]);
        string[] extra = model.EndsWith("--fit", StringComparison.Ordinal)
            ? ["--fit", data]
            : model.EndsWith("--superpixels", StringComparison.Ordinal)
                ? ["--superpixels", "9"]
                : [];
        var (code, _, err) = Endodepth.Run(["evaluate", "--model", model.Split(' ')[0], "--data", data, "--split",
            "Train", .. extra]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(named, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_on_a_folder_whose_train_split_is_empty_exits_2_naming_it()
    {
        using var tmp = new TempFolder();
        var data = TwoPlanes(tmp["d"]);
        var empty = Folder(tmp["fit"], [(Grey(0.5f), Depth((_, _) => 40))], trainScenes: []);
        var (code, _, err) = Endodepth.Run("evaluate", "--model", "baseline:prior", "--data", data, "--split", "Train",
            "--fit", empty);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(Path.GetFullPath(empty), err, StringComparison.Ordinal);
    }
}
