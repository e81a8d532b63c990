using EndoDepth.Datasets;

namespace EndoDepth.Cli.Tests.Reliability;

/// <summary>
/// A dataset folder resumes only the dataset it was made for: a rerun with other arguments is refused naming the
/// difference, a larger count extends the set, and --force starts the folder over.
/// </summary>
public sealed class ChangedArgumentsTests
{
    private static string[] Synth(string folder, params string[] changes)
    {
        var args = new List<string> { "synth", "--count", "4", "--size", "16x16", "--seed", "5", "--out", folder,
            "--views-per-phantom", "4", "--backend", "ParallelFor" };
        for (var i = 0; i < changes.Length; i++)
        {
            var at = args.IndexOf(changes[i]);
            if (at < 0) args.Add(changes[i]);
            else if (i + 1 < changes.Length && !changes[i + 1].StartsWith("--", StringComparison.Ordinal))
                args[at + 1] = changes[++i];
        }
        return [.. args];
    }

    [Theory]
    [InlineData("seed 5, not 6", "--seed", "6")]
    [InlineData("size 16x16, not 24x16", "--size", "24x16")]
    [InlineData("projection EquidistantFisheye, not Pinhole", "--pinhole")]
    [InlineData("fov 140, not 90", "--fov", "90")]
    [InlineData("views-per-phantom 4, not 2", "--views-per-phantom", "2")]
    [InlineData("seed 5, not 6", "--count", "8", "--seed", "6")]
    [InlineData("count 4, not 3", "--count", "3")]
    [InlineData("test-fraction 0.2, not 0.5", "--test-fraction", "0.5")]
    [InlineData("split-seed 0, not 3", "--split-seed", "3")]
    public void Synth_over_a_folder_of_other_arguments_is_refused_naming_the_difference_and_changes_nothing(
        string difference, params string[] changes)
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run(Synth(tmp["A"]));
        Assert.True(code == 0, err);
        var before = KilledRunTests.Files(tmp["A"]);
        (code, _, err) = Endodepth.Run(Synth(tmp["A"], changes));
        Assert.True(code == 2, $"exit {code}: {err}");
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Contains($"{Path.GetFullPath(tmp["A"])}: made with {difference}", line, StringComparison.Ordinal);
        Assert.EndsWith("(--force)", line, StringComparison.Ordinal);
        Assert.Equal(before.Keys, KilledRunTests.Files(tmp["A"]).Keys);
        Assert.Equal(before[DatasetFolder.ManifestFileName], File.ReadAllBytes(tmp["A/manifest.jsonl"]));
    }

    [Fact]
    public void Synth_with_a_larger_count_extends_the_set_to_the_bytes_of_a_run_made_at_that_count()
    {
        using var tmp = new TempFolder();
        var (code, output, err) = Endodepth.Run(Synth(tmp["grown"]));
        Assert.True(code == 0, err);
        (code, output, err) = Endodepth.Run(Synth(tmp["grown"], "--count", "7"));
        Assert.True(code == 0, err);
        Assert.Contains("3 items written", output, StringComparison.Ordinal);
        (code, _, err) = Endodepth.Run(Synth(tmp["straight"], "--count", "7"));
        Assert.True(code == 0, err);
        KilledRunTests.AssertSameFiles(tmp["straight"], tmp["grown"]);
        Assert.Equal(7, DatasetRecipe.Load(tmp["grown"])!.Count);
    }

    [Fact]
    public void Synth_with_force_starts_the_folder_over_to_the_bytes_of_a_fresh_run()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run(Synth(tmp["A"]));
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run(Synth(tmp["A"], "--seed", "6", "--count", "3", "--force"));
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run(Synth(tmp["fresh"], "--seed", "6", "--count", "3"));
        Assert.True(code == 0, err);
        KilledRunTests.AssertSameFiles(tmp["fresh"], tmp["A"]);
    }

    [Fact]
    public void Render_over_a_finished_folder_with_other_samples_per_pixel_is_refused_and_force_renders_it_anew()
    {
        using var tmp = new TempFolder();
        RenderCommandTests.WriteTube(tmp["tube.nii"]);
        string[] Args(string folder, string spp, params string[] more) => ["render", tmp["tube.nii"], "--views", "1",
            "--presets", "1", "--spp", spp, "--size", "16x16", "--seed", "3", "--out", folder, "--backend",
            "ParallelFor", .. more];
        var (code, _, err) = Endodepth.Run(Args(tmp["out"], "2"));
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run(Args(tmp["out"], "4"));
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.Contains("made with spp 2, not 4", Assert.Single(err.Trim().Split('\n')), StringComparison.Ordinal);
        (code, _, err) = Endodepth.Run(Args(tmp["out"], "4", "--force"));
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run(Args(tmp["fresh"], "4"));
        Assert.True(code == 0, err);
        KilledRunTests.AssertSameFiles(tmp["fresh"], tmp["out"]);
    }

    [Fact]
    public void A_folder_rendered_raw_is_refused_by_the_denoised_default_and_resumes_with_denoise_off()
    {
        using var tmp = new TempFolder();
        RenderCommandTests.WriteTube(tmp["tube.nii"]);
        string[] Args(int views, params string[] more) => ["render", tmp["tube.nii"], "--views",
            views.ToString(System.Globalization.CultureInfo.InvariantCulture), "--presets", "1", "--spp", "2",
            "--size", "16x16", "--seed", "3", "--out", tmp["out"], "--backend", "ParallelFor", .. more];
        var (code, _, err) = Endodepth.Run(Args(1, "--denoise", "off"));
        Assert.True(code == 0, err);
        // The defaults: 32 paths per pixel (the first difference the recipe names), then the denoiser.
        (code, _, err) = Endodepth.Run([.. Args(2).Where((_, i) => i is not (6 or 7))]); // without --spp 2
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.Contains("made with spp 2, not 32", Assert.Single(err.Trim().Split('\n')), StringComparison.Ordinal);
        (code, _, err) = Endodepth.Run(Args(2));
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.Contains("made with denoise off, not on", Assert.Single(err.Trim().Split('\n')),
            StringComparison.Ordinal);
        (code, var output, err) = Endodepth.Run(Args(2, "--denoise", "off"));
        Assert.True(code == 0, err);
        Assert.Contains("1 views rendered", output, StringComparison.Ordinal);
    }
}
