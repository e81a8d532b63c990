using System.Text.Json;
using EndoDepth.Datasets;

namespace EndoDepth.Cli.Tests.Datasets;

/// <summary>
/// `synth` writes a phantom-level splits.json (--test-fraction, --split-seed), and `evaluate` then works on the fresh
/// folder: it reads the test split, `train`'s split is the rest.
/// </summary>
public sealed class SceneSplitCommandTests
{
    [Fact]
    public void Synth_holds_out_whole_phantoms_and_evaluate_reads_the_test_split_of_the_fresh_folder()
    {
        using var tmp = new TempFolder();
        // 8 items, 2 per phantom: 4 phantoms, so the default fraction (0.2) holds out at least one of them.
        var (code, output, err) = Endodepth.Run("synth", "--count", "8", "--size", "16x16", "--seed", "3",
            "--views-per-phantom", "2", "--backend", "ParallelFor", "-o", tmp["ds"]);
        Assert.True(code == 0, err);
        var folder = new DatasetFolder(tmp["ds"]);
        var items = folder.ReadManifest();
        var split = SceneSplit.Load(tmp["ds/splits.json"]);
        // Invariants: every phantom in exactly one split, both splits non-empty, the items of the two splits are all
        // the items.
        var phantoms = items.Select(i => i.SceneId).Distinct().ToList();
        Assert.Equal(4, phantoms.Count);
        Assert.Equal(phantoms.Order(StringComparer.Ordinal), split.Train.Concat(split.Test).Order(StringComparer.Ordinal));
        Assert.NotEmpty(split.Train);
        Assert.NotEmpty(split.Test);
        Assert.Empty(split.Val);
        var test = folder.ReadSplit(SplitName.Test);
        Assert.Equal(items.Count, folder.ReadSplit(SplitName.Train).Count + test.Count);
        Assert.Contains($"{items.Count - test.Count} items in train, {test.Count} in test", output,
            StringComparison.Ordinal);

        (code, output, err) = Endodepth.Run("evaluate", "-m", "baseline:constant", "--data", tmp["ds"], "--json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(test.Count, json.RootElement.GetProperty("images").GetInt32());
    }

    [Fact]
    public void Synth_with_test_fraction_one_is_a_test_folder_and_zero_leaves_evaluate_a_message_saying_what_to_do()
    {
        using var tmp = new TempFolder();
        string[] common = ["synth", "--count", "2", "--size", "12x12", "--views-per-phantom", "1", "--backend",
            "ParallelFor"];
        var (code, _, err) = Endodepth.Run([.. common, "--test-fraction", "1", "-o", tmp["all-test"]]);
        Assert.True(code == 0, err);
        Assert.Empty(new DatasetFolder(tmp["all-test"]).ReadSplit(SplitName.Train));
        Assert.Equal(2, new DatasetFolder(tmp["all-test"]).ReadSplit(SplitName.Test).Count);

        (code, _, err) = Endodepth.Run([.. common, "--test-fraction", "0", "-o", tmp["all-train"]]);
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run("evaluate", "-m", "baseline:constant", "--data", tmp["all-train"]);
        Assert.Equal(2, code);
        Assert.Contains("--test-fraction", err, StringComparison.Ordinal);

        (code, _, err) = Endodepth.Run([.. common, "--test-fraction", "1.5", "-o", tmp["bad"]]);
        Assert.NotEqual(0, code); // a parse error (System.CommandLine's exit code)
        Assert.Contains("--test-fraction 1.5", err, StringComparison.Ordinal);
    }
}
