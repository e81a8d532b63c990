using EndoDepth.Datasets;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Reliability;

/// <summary>One folder, one writer: a run into a folder that another run is writing is refused.</summary>
public sealed class ConcurrentRunTests
{
    private static void AssertRefused(TempFolder tmp, string folder, (int Code, string Out, string Err) run)
    {
        Assert.True(run.Code == 1, $"exit {run.Code}: {run.Err}");
        var line = Assert.Single(run.Err.Trim().Split('\n'));
        Assert.Contains(Path.GetFullPath(tmp[folder]), line, StringComparison.Ordinal);
        Assert.Contains("another run", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp[$"{folder}/items"]), "the refused run wrote items");
    }

    [Fact]
    public void Synth_into_a_folder_another_run_holds_is_refused_in_one_line_naming_it_with_exit_1()
    {
        using var tmp = new TempFolder();
        using var other = FolderLock.Acquire(tmp["ds"]);
        AssertRefused(tmp, "ds", Endodepth.Run("synth", "--count", "2", "--size", "16x16", "--seed", "5", "--out",
            tmp["ds"]));
    }

    [Fact]
    public void Render_into_a_folder_another_run_holds_is_refused_in_one_line_naming_it_with_exit_1()
    {
        using var tmp = new TempFolder();
        RenderCommandTests.WriteTube(tmp["tube.nii"]);
        using var other = FolderLock.Acquire(tmp["out"]);
        AssertRefused(tmp, "out", Endodepth.Run("render", tmp["tube.nii"], "--views", "1", "--presets", "1", "--spp",
            "1", "--size", "16x16", "--out", tmp["out"], "--backend", "ParallelFor"));
    }

    [Fact]
    public void Import_into_a_folder_another_run_holds_is_refused_in_one_line_naming_it_with_exit_1()
    {
        using var tmp = new TempFolder();
        using var other = FolderLock.Acquire(tmp["set"]);
        AssertRefused(tmp, "set", Endodepth.Run("import", "simcol3d", Path.Combine(AppContext.BaseDirectory,
            "fixtures", "importers", "simcol3d"), "--out", tmp["set"]));
    }

    [Fact]
    public void Demo_into_a_folder_another_run_holds_is_refused_in_one_line_naming_it_with_exit_1()
    {
        using var tmp = new TempFolder();
        using var other = FolderLock.Acquire(tmp["exp"]);
        AssertRefused(tmp, "exp", Endodepth.Run("demo", "--out", tmp["exp"]));
        Assert.False(Directory.Exists(tmp["exp/data"]), "the refused run wrote data");
    }

    [Fact]
    public void Train_writing_a_model_another_run_writes_is_refused_in_one_line_and_another_model_beside_it_is_not()
    {
        using var tmp = new TempFolder();
        var data = Endodepth.Run("synth", "--count", "6", "--size", "32x32", "--seed", "2", "--views-per-phantom",
            "6", "--out", tmp["ds"]);
        Assert.True(data.Code == 0, data.Err);
        string[] Train(string output) => Estimator.TinyEstimatorFixture.TrainArgs(tmp["ds"], output);
        using (FolderLock.AcquireForFile(tmp["models/a.edcrf"]))
        {
            var refused = Endodepth.Run(Train(tmp["models/a.edcrf"]));
            Assert.True(refused.Code == 1, $"exit {refused.Code}: {refused.Err}");
            var line = Assert.Single(refused.Err.Trim().Split('\n'));
            Assert.Contains(Path.GetFullPath(tmp["models/a.edcrf"]), line, StringComparison.Ordinal);
            Assert.Contains("another run", line, StringComparison.Ordinal);
            Assert.False(File.Exists(tmp["models/a.edcrf"]));
            var beside = Endodepth.Run(Train(tmp["models/b.edcrf"]));
            Assert.True(beside.Code == 0, beside.Err);
        }
        Assert.True(Endodepth.Run(Train(tmp["models/a.edcrf"])).Code == 0, "the lock was released");
    }

    [Fact]
    public async Task Two_synth_runs_started_together_into_one_folder_leave_one_run_s_dataset()
    {
        using var tmp = new TempFolder();
        using var a = Endodepth.Start("synth", "--count", "60", "--size", "16x16", "--seed", "5", "--out", tmp["ds"],
            "--backend", "ParallelFor");
        using var b = Endodepth.Start("synth", "--count", "20", "--size", "16x16", "--seed", "6", "--out", tmp["ds"],
            "--backend", "ParallelFor");
        var errA = a.StandardError.ReadToEndAsync();
        var errB = b.StandardError.ReadToEndAsync();
        _ = a.StandardOutput.ReadToEndAsync();
        _ = b.StandardOutput.ReadToEndAsync();
        Assert.True(a.WaitForExit(60_000) && b.WaitForExit(60_000));
        var codes = new[] { a.ExitCode, b.ExitCode };
        // Either one was refused while the other wrote (exit 1), or the second started after the first had finished and
        // was refused for its other seed (exit 2): one success, one dataset.
        Assert.True(codes.Count(c => c == 0) == 1, $"exits {a.ExitCode}/{b.ExitCode}: {await errA} {await errB}");
        var items = new DatasetFolder(tmp["ds"]).ReadManifest();
        Assert.Single(items.Select(i => i.Meta!["seed"]).Distinct());
    }
}
