using EndoDepth.Cli.Tests.Estimator;
using EndoDepth.Datasets;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Cli.Tests.Reliability;

/// <summary>
/// Ctrl-C stops every long command cleanly: "cancelled", exit code 130, no temporary files, and a rerun finishes the
/// folder with the bytes of an uninterrupted run.
/// </summary>
public sealed class CancelledRunTests
{
    private static void AssertCancelledCleanly(string folder, (int Code, bool Interrupted, string Out, string Err) run)
    {
        Assert.True(run.Interrupted, "the run finished before it could be interrupted");
        Assert.True(run.Code == 130, $"exit code {run.Code}: {run.Err}");
        Assert.Equal("endodepth: cancelled", run.Err.Trim());
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(folder, DatasetFolder.ManifestFileName)), "no manifest after Ctrl-C");
    }

    [Fact]
    public void Synth_stopped_by_ctrl_c_says_cancelled_exits_130_and_resumes_to_the_uninterrupted_bytes()
    {
        using var tmp = new TempFolder();
        AssertCancelledCleanly(tmp["cut"], InterruptedRun.Run(tmp["cut/items/0000001.json"],
            KilledRunTests.Synth(tmp["cut"])));
        var (code, _, err) = Endodepth.Run(KilledRunTests.Synth(tmp["cut"]));
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run(KilledRunTests.Synth(tmp["straight"]));
        Assert.True(code == 0, err);
        KilledRunTests.AssertSameFiles(tmp["straight"], tmp["cut"]);
    }

    [Fact]
    public void Render_stopped_by_ctrl_c_says_cancelled_exits_130_and_resumes_to_the_uninterrupted_bytes()
    {
        using var tmp = new TempFolder();
        RenderCommandTests.WriteTube(tmp["tube.nii"]);
        string[] Args(string folder) => ["render", tmp["tube.nii"], "--views", "3", "--presets", "2", "--spp", "4",
            "--size", "24x24", "--seed", "3", "--out", folder, "--backend", "ParallelFor"];
        AssertCancelledCleanly(tmp["cut"], InterruptedRun.Run(tmp["cut/.lock"], Args(tmp["cut"])));
        var (code, _, err) = Endodepth.Run(Args(tmp["cut"]));
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run(Args(tmp["straight"]));
        Assert.True(code == 0, err);
        KilledRunTests.AssertSameFiles(tmp["straight"], tmp["cut"]);
    }

    [Fact]
    public void A_synthetic_set_cancelled_through_its_token_leaves_no_temporaries_and_resumes_to_the_same_bytes()
    {
        using var tmp = new TempFolder();
        var settings = new SyntheticDatasetSettings { Count = 12, Width = 16, Height = 16, Seed = 4,
            ViewsPerPhantom = 6, ManifestEvery = 1 };
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        var generator = new SyntheticDatasetGenerator(settings, device);
        using var cancel = new CancellationTokenSource();
        var cut = new DatasetFolder(tmp["cut"]);
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Generate(cut, DatasetShard.All,
            new Inline<(int Done, int Total)>(p => { if (p.Done >= 2) cancel.Cancel(); }), cancel.Token));
        Assert.Empty(Directory.GetFiles(cut.Root, "*.tmp", SearchOption.AllDirectories));
        Assert.InRange(cut.ReadManifest().Count, 2, 11);
        generator.Generate(cut, DatasetShard.All);
        generator.Generate(new DatasetFolder(tmp["straight"]), DatasetShard.All);
        KilledRunTests.AssertSameFiles(tmp["straight"], tmp["cut"]);
    }

    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
