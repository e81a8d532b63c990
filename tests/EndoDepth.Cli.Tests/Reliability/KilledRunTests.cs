using System.Diagnostics;

namespace EndoDepth.Cli.Tests.Reliability;

/// <summary>A run killed with SIGKILL leaves no stale lock, and its rerun removes its temporaries and finishes it.
/// </summary>
public sealed class KilledRunTests
{
    internal static string[] Synth(string folder) =>
        ["synth", "--count", "60", "--size", "16x16", "--seed", "5", "--out", folder, "--views-per-phantom", "20",
            "--backend", "ParallelFor"];

    /// <summary>Every file under <paramref name="root"/> (relative path → bytes), the lock file aside.</summary>
    internal static SortedDictionary<string, byte[]> Files(string root) => new(
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != EndoDepth.IO.FolderLock.FileName)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);

    internal static void AssertSameFiles(string expected, string actual)
    {
        var want = Files(expected);
        var got = Files(actual);
        Assert.Equal(want.Keys, got.Keys);
        foreach (var (name, bytes) in want) Assert.True(bytes.AsSpan().SequenceEqual(got[name]), name);
    }

    [Fact]
    public void Synth_killed_with_sigkill_reruns_without_a_stale_lock_or_temporaries_to_the_uninterrupted_bytes()
    {
        using var tmp = new TempFolder();
        using (var p = Endodepth.Start(Synth(tmp["killed"])))
        {
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            var watch = Stopwatch.StartNew();
            while (!p.HasExited && !File.Exists(tmp["killed/items/0000001.json"]) && watch.Elapsed.TotalSeconds < 60)
                Thread.Sleep(1);
            if (!p.HasExited) p.Kill(); // SIGKILL: no handler runs
            Assert.True(p.WaitForExit(30_000));
        }
        // What a write cut short by the kill leaves behind (the kill above may have come between two writes).
        var stale = tmp["killed/images/.0000002.png.99999.0123456789abcdef0123456789abcdef.tmp"];
        File.WriteAllBytes(stale, [1, 2, 3]);

        var (code, _, err) = Endodepth.Run(Synth(tmp["killed"]));
        Assert.True(code == 0, err);
        Assert.Empty(Directory.GetFiles(tmp["killed"], "*.tmp", SearchOption.AllDirectories));
        (code, _, err) = Endodepth.Run(Synth(tmp["straight"]));
        Assert.True(code == 0, err);
        AssertSameFiles(tmp["straight"], tmp["killed"]);
    }
}
