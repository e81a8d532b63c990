using EndoDepth.Datasets;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Cli.Tests.Reliability;

/// <summary>
/// A write that fails (a full disk, here a folder that cannot be made) surfaces as its own IOException: one line and
/// exit code 1 from the command line, never an AggregateException and a stack trace.
/// </summary>
public sealed class FailedWriteTests
{
    /// <summary>A dataset folder whose images cannot be written: "images" is a file.</summary>
    private static string Unwritable(TempFolder tmp)
    {
        Directory.CreateDirectory(tmp["ds"]);
        File.WriteAllText(tmp["ds/images"], "a file where the images folder goes");
        return tmp["ds"];
    }

    [Fact]
    public void The_synthetic_generator_throws_the_failed_write_s_own_io_exception()
    {
        using var tmp = new TempFolder();
        var folder = new DatasetFolder(Unwritable(tmp));
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        var generator = new SyntheticDatasetGenerator(new SyntheticDatasetSettings { Count = 12, Width = 16,
            Height = 16, Seed = 2, ViewsPerPhantom = 12 }, device);
        var e = Record.Exception(() => generator.Generate(folder, DatasetShard.All));
        Assert.True(e is IOException, $"{e?.GetType().Name}: {e?.Message}");
        Assert.Empty(Directory.GetFiles(folder.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Synth_that_cannot_write_prints_one_line_and_exits_1()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("synth", "--count", "12", "--size", "16x16", "--seed", "2",
            "--views-per-phantom", "12", "--out", Unwritable(tmp), "--backend", "ParallelFor");
        Assert.True(code == 1, $"exit {code}: {err}");
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("endodepth: ", line, StringComparison.Ordinal);
        Assert.Contains(tmp["ds/images"], line, StringComparison.Ordinal);
    }
}
