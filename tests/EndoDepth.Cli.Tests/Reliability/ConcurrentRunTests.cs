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
}
