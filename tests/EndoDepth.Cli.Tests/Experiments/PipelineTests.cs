using EndoDepth.Experiments;
using EndoDepth.Cli.Tests.StandIn;
using EndoDepth.Datasets;
using EndoDepth.Experiments.Results;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Experiments;

/// <summary>
/// The experiment pipeline end to end at the tiny scale with the stand-in parts: every artefact exists and is
/// well-formed, the protocol keeps phantoms apart, a second run gives the same bytes, and an interrupted run resumes
/// to the same result.
/// </summary>
public sealed class PipelineTests(TinyExperimentFixture run) : IClassFixture<TinyExperimentFixture>
{
    private static readonly string[] References = ["baseline: constant", "baseline: prior", "baseline: shading",
        "oracle (superpixel ceiling)"];

    [Fact]
    public void The_constant_baseline_rows_equal_an_independent_computation_both_ways()
    {
        // Fitted: the mean of every valid depth of the fine-tuning set. Median-aligned, a constant becomes each image's
        // median ground truth. Errors pooled over the valid pixels of the rendered test set.
        var fit = new DatasetFolder(Path.Combine(run.Root, "data", "cinematic"));
        var all = fit.ReadSplit(SplitName.Train).SelectMany(i => Valid(fit.LoadDepth(i))).ToList();
        var mean = all.Sum() / all.Count;
        var test = new DatasetFolder(Path.Combine(run.Root, "data", "test-rendered"));
        double rel = 0, relMedian = 0;
        long n = 0;
        foreach (var item in test.ReadSplit(SplitName.Test))
        {
            var g = Valid(test.LoadDepth(item)).ToArray();
            var sorted = g.Order().ToArray();
            var median = (sorted[(g.Length - 1) / 2] + sorted[g.Length / 2]) / 2;
            foreach (var v in g) { rel += Math.Abs(v - (float)mean) / v; relMedian += Math.Abs(v - median) / v; n++; }
        }
        var row = run.Results.Tables[0].Rows.Single(x => x.Method == "baseline: constant");
        Assert.Equal(n, row.Ours.Count);
        Assert.Equal(rel / n, row.Ours.Rel, 5);
        Assert.Equal(relMedian / n, row.Median!.Rel, 5);
    }

    private static IEnumerable<double> Valid(DepthMap d) =>
        d.Millimetres.Where((_, i) => d.Valid[i]).Select(v => (double)v);

    [Fact]
    public void Every_artefact_exists_and_is_well_formed()
    {
        var r = ExperimentResults.Load(Path.Combine(run.Root, "results.json"));
        Assert.Equal(["table1", "table2", "table3"], r.Tables.Select(t => t.Id));
        Assert.Equal([8, 8, 6], r.Tables.Select(t => t.Rows.Count)); // each: its models, three baselines and the oracle
        foreach (var t in r.Tables)
        {
            Assert.Equal(References, t.Rows.TakeLast(4).Select(x => x.Method));
            Assert.Contains("data/cinematic", t.TestSet, StringComparison.Ordinal);
            Assert.All(t.Rows.SkipLast(4), row => Assert.NotNull(row.Paper));
        }
        foreach (var row in r.Tables.SelectMany(t => t.Rows))
        {
            Assert.True(row.Ours.Count > 0);
            Assert.InRange(row.Ours.Rel, 0, 10);
            Assert.InRange(row.Ours.Delta1, 0, 1);
            Assert.True(double.IsFinite(row.Ours.Rms) && double.IsFinite(row.Ours.Log10));
            Assert.NotNull(row.Median);
            Assert.Equal(row.Ours.Count, row.Median.Count);
            Assert.True(double.IsFinite(row.Median.Rel));
        }
        Assert.Equal(6, r.LossCurves.Count); // 2 pre-train, 2 fine-tune, 1×N, 4×N/4
        Assert.All(r.LossCurves, c => Assert.All(c.Loss, l => Assert.True(double.IsFinite(l))));
        Assert.Equal(3, r.LossCurves[0].Loss.Count);
        Assert.Equal(4, r.SizeCurve.Count);
        Assert.Equal(4, r.Figures.Count);
        foreach (var f in r.Figures)
        {
            var png = PngFile.Read(Path.Combine(run.Root, f.File));
            Assert.True(png.Width > 100 && png.Height > 100);
        }
        var md = File.ReadAllText(Path.Combine(run.Root, "report.md"));
        var html = File.ReadAllText(Path.Combine(run.Root, "report.html"));
        foreach (var t in r.Tables)
        {
            Assert.Contains(t.Title, md, StringComparison.Ordinal);
            Assert.Contains(t.Title, html, StringComparison.Ordinal);
        }
        foreach (var f in r.Figures) Assert.Contains(f.File, md, StringComparison.Ordinal);
        foreach (var d in new[] { "synthetic", "synthetic-12", "cinematic", "cinematic-1x", "cinematic-4x",
            "test-rendered", "test-unseen" })
            Assert.NotEmpty(new DatasetFolder(Path.Combine(run.Root, "data", d)).ReadManifest());
        foreach (var m in Directory.GetFiles(Path.Combine(run.Root, "models")))
            Assert.NotNull(new StandInTrainer().Load(m));
        foreach (var stage in new[] { "eval-baseline-constant-rendered", "eval-baseline-prior-unseen",
            "eval-baseline-shading-unseen", "eval-oracle-rendered", "eval-oracle-unseen" })
            Assert.True(File.Exists(Path.Combine(run.Root, "stages", stage + ".json")), stage);
        Assert.Contains("synthetic images", run.Stages);
        Assert.Contains("figures and report", run.Stages);
    }

    [Fact]
    public void Sizes_and_splits_follow_the_protocol()
    {
        DatasetFolder D(string name) => new(Path.Combine(run.Root, "data", name));
        Assert.Equal(24, D("synthetic").ReadManifest().Count);
        Assert.Equal(12, D("synthetic-12").ReadManifest().Count);
        Assert.Equal(8 * 4, D("cinematic").ReadManifest().Count);
        var one = D("cinematic-1x").ReadManifest();
        var four = D("cinematic-4x").ReadManifest();
        Assert.Equal(one.Count, four.Count);                                    // Table 3: same N
        Assert.Single(one.Select(i => i.PresetId).Distinct());
        Assert.Equal(4, four.Select(i => i.PresetId).Distinct().Count());
        Assert.All(four.GroupBy(i => i.SceneId),
            g => Assert.Single(g.Select(i => i.Depth).Distinct())); // renders share a depth
        Assert.Equal(3 * 4, D("test-rendered").ReadSplit(SplitName.Test).Count);
        var protocol = ExperimentProtocol.Load(Path.Combine(run.Root, "protocol.json"));
        protocol.Validate();
        string Phantom(DatasetItem i) => i.Meta!["phantom_seed"];
        var train = D("synthetic").ReadManifest().Concat(D("cinematic").ReadManifest()).Select(Phantom).ToHashSet();
        var test = D("test-rendered").ReadManifest().Concat(D("test-unseen").ReadManifest()).Select(Phantom)
            .ToHashSet();
        Assert.Empty(train.Intersect(test));                                    // no test scene near a training scene
        Assert.Empty(D("test-unseen").ReadManifest().Select(i => i.PresetId)
            .Intersect(StandInPreset.Four.Select(p => p.Name)));
    }

    [Fact]
    public void A_second_run_gives_the_same_bytes_and_an_interrupted_run_resumes_to_them()
    {
        var b = run.Temp["run-b"];
        new ExperimentRunner(StandInParts.Create(), ExperimentScale.Tiny, b, seed: 5).Run();
        var cinematicImage = "data/cinematic/images/" + Path.GetFileName(
            Directory.GetFiles(Path.Combine(run.Root, "data/cinematic/images"))
                .Order(StringComparer.Ordinal).ElementAt(2));
        foreach (var f in new[] { "results.json", "report.md", "data/synthetic/manifest.jsonl",
            "data/synthetic/depth/0000003.npy", cinematicImage, "models/finetune-24.model" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.Root, f)), File.ReadAllBytes(Path.Combine(b, f)));

        // As if killed: a synthetic item half-written, a training stage and all evaluations unfinished.
        File.Delete(Path.Combine(b, "data/synthetic/items/0000005.json"));
        File.Delete(Path.Combine(b, "stages/data-synthetic.json"));
        File.Delete(Path.Combine(b, "stages/train-12.json"));
        File.Delete(Path.Combine(b, "models/pretrain-12.model"));
        foreach (var e in Directory.GetFiles(Path.Combine(b, "stages"), "eval-*.json")) File.Delete(e);
        File.Delete(Path.Combine(b, "results.json"));
        new ExperimentRunner(StandInParts.Create(), ExperimentScale.Tiny, b, seed: 5).Run();
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.Root, "results.json")),
            File.ReadAllBytes(Path.Combine(b, "results.json")));
    }

    [Fact]
    public void A_folder_of_another_run_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ExperimentRunner(StandInParts.Create(), ExperimentScale.Tiny,
            run.Root, seed: 6).Run());
    }

    [Fact]
    public void A_folder_of_a_run_with_the_same_scale_name_but_other_counts_is_refused()
    {
        // An older build's "tiny" with other sizes must not be resumed into the new one (stages would mix).
        var other = ExperimentScale.Tiny with { PretrainEpochs = ExperimentScale.Tiny.PretrainEpochs + 1 };
        var e = Assert.Throws<ArgumentException>(
            () => new ExperimentRunner(StandInParts.Create(), other, run.Root, seed: 5).Run());
        Assert.Contains("another run", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_2_and_3_run_on_an_imported_test_folder()
    {
        var imported = run.Temp["c3vd"];
        new EndoDepth.Datasets.Importers.C3vdImporter()
            .Import(Path.Combine(AppContext.BaseDirectory, "fixtures", "importers", "c3vd"), imported);
        var r = new ExperimentRunner(StandInParts.Create(), ExperimentScale.Tiny, run.Temp["run-c"], seed: 5,
            testFolder: imported).Run();
        var t2 = r.Tables.Single(t => t.Id == "table2");
        Assert.Contains(imported, t2.TestSet, StringComparison.Ordinal);
        Assert.All(t2.Rows, row => Assert.Equal(3L * (24 * 20 - 2), row.Ours.Count)); // 3 frames, 2 invalid pixels each
        Assert.False(Directory.Exists(Path.Combine(run.Temp["run-c"], "data", "test-unseen")));
        Assert.Equal(run.Results.Tables[0].Rows.Select(x => x.Ours),
            r.Tables[0].Rows.Select(x => x.Ours)); // Table 1 does not depend on --test
    }
}
