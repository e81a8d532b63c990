using EndoDepth.Experiments;
using EndoDepth.Datasets;
using EndoDepth.Experiments.Results;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Experiments;

/// <summary>
/// The library's parts (ColonPhantom, SyntheticEndoscope, CinematicRenderer, CNN-CRF) plugged into the protocol at a
/// micro scale: every stage runs and every artefact is well-formed. (Numbers at this size mean nothing.)
/// </summary>
public sealed class PaperPartsPipelineTests
{
    private static readonly ExperimentScale Micro = new("micro", 24, 24, 120f, [4, 2], 1, 2, 1, 1, 1, 1, 1, 1, 1, 1);

    [Theory]
    [InlineData("paper", "(32 spp + denoiser)")] // meets the error of 64 raw paths at 256² (docs/cinematic.md)
    [InlineData("medium", "(16 spp + denoiser)")] // meets the error of 32 raw paths at 128²
    [InlineData("tiny", "(4 spp)")]
    public void The_cinematic_stages_render_half_the_paths_with_the_denoiser_from_96_pixels_up(string scale,
        string renderer)
    {
        var s = ExperimentScale.ByName(scale);
        Assert.Contains("CinematicRenderer " + renderer, PaperParts.Create(s, PaperParts.CnnCrfTrainer(s)).Description,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_parts_run_the_whole_protocol()
    {
        using var tmp = new TempFolder();
        var parts = PaperParts.Create(Micro, PaperParts.CnnCrfTrainer(Micro));
        Assert.Contains("CNN-CRF", parts.Description, StringComparison.Ordinal);
        var r = new ExperimentRunner(parts, Micro, tmp["run"], seed: 3).Run();
        Assert.Equal(["table1", "table2", "table3"], r.Tables.Select(t => t.Id));
        Assert.All(r.Tables, t => Assert.Equal(["baseline: constant", "baseline: prior", "baseline: shading",
            "oracle (superpixel ceiling)"], t.Rows.TakeLast(4).Select(x => x.Method)));
        Assert.All(r.Tables.SelectMany(t => t.Rows.SkipLast(4)),
            row => Assert.StartsWith("CNN-CRF", row.Method, StringComparison.Ordinal));
        Assert.Contains("~16 superpixels", r.Tables[0].TestSet,
            StringComparison.Ordinal); // the oracle uses the trained model's settings
        Assert.All(r.Tables.SelectMany(t => t.Rows), row =>
        {
            Assert.True(row.Ours.Count > 0);
            Assert.True(double.IsFinite(row.Ours.Rel));
            Assert.True(double.IsFinite(row.Median!.Rel));
        });
        Assert.All(r.LossCurves, c => Assert.Single(c.Loss));
        foreach (var f in r.Figures) Assert.True(PngFile.Read(Path.Combine(tmp["run"], f.File)).Width > 100);
        var cine = new DatasetFolder(tmp["run/data/cinematic"]).ReadManifest();
        Assert.Equal(2 * 4, cine.Count);
        Assert.Equal(["amber-matte", "pale-glossy", "pink-mucosa", "red-vascular"], cine.Select(i => i.PresetId!)
            .Distinct().Order(StringComparer.Ordinal));
        Assert.All(new DatasetFolder(tmp["run/data/test-unseen"]).ReadManifest(),
            i => Assert.StartsWith("random-", i.PresetId, StringComparison.Ordinal));
    }
}
