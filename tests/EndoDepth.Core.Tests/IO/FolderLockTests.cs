using System.Diagnostics;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.IO;

/// <summary>One folder, one writer: <see cref="FolderLock"/>.</summary>
public sealed class FolderLockTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"endodepth-lock-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void A_second_lock_on_a_held_folder_is_refused_naming_the_folder_and_granted_after_release()
    {
        var held = FolderLock.Acquire(_root);
        var e = Assert.Throws<FolderInUseException>(() => FolderLock.Acquire(_root + "/"));
        Assert.Equal(Path.GetFullPath(_root), e.Folder);
        Assert.Contains(Path.GetFullPath(_root), e.Message, StringComparison.Ordinal);
        held.Dispose();
        using var again = FolderLock.Acquire(_root);
        Assert.Equal(Path.GetFullPath(_root), again.Folder);
    }

    [Fact]
    public void A_lock_held_by_a_process_killed_with_sigkill_is_free_at_once()
    {
        // flock(1) takes the same advisory lock .NET takes for FileShare.None on Unix; the kernel drops it with the
        // process, so kill -9 leaves no stale lock (-o: the sleeping child does not inherit the locked descriptor;
        // -w: flock waits out the loop below, which holds the lock for an instant each time, instead of giving up).
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/flock")) return;
        Directory.CreateDirectory(_root);
        var lockFile = Path.Combine(_root, FolderLock.FileName);
        using var holder = Process.Start(new ProcessStartInfo("/usr/bin/flock",
            ["-w", "15", "-o", lockFile, "sleep", "30"]) { UseShellExecute = false })!;
        var watch = Stopwatch.StartNew();
        FolderInUseException? refused = null;
        while (refused is null && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            try { FolderLock.Acquire(_root).Dispose(); Thread.Sleep(20); } // flock has not locked yet
            catch (FolderInUseException e) { refused = e; }
        }
        Assert.NotNull(refused);
        holder.Kill(entireProcessTree: true); // SIGKILL
        Assert.True(holder.WaitForExit(10_000));
        using var mine = FolderLock.Acquire(_root);
    }

    [Fact]
    public void Stale_temporaries_are_deleted_in_the_folder_and_below_and_nothing_else()
    {
        Directory.CreateDirectory(Path.Combine(_root, "images"));
        File.WriteAllText(Path.Combine(_root, ".manifest.jsonl.123.abc.tmp"), "x");
        File.WriteAllText(Path.Combine(_root, "images", ".0000001.png.9.def.tmp"), "x");
        File.WriteAllText(Path.Combine(_root, "images", "0000001.png"), "x");
        File.WriteAllText(Path.Combine(_root, "notes.tmp"), "x");
        Assert.Equal(2, AtomicFile.DeleteStaleTemporaries(_root));
        Assert.Equal(["0000001.png", "notes.tmp"], Directory.GetFiles(_root, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
