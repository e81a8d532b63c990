namespace EndoDepth.IO;

/// <summary>
/// Writes a file atomically: the content goes to a temporary file in the same folder, is flushed to disk, and is then
/// renamed over the destination, so a reader never sees a half-written file and an interrupted write loses nothing
/// that was already there.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes through <paramref name="write"/> into a temporary file, then renames it to <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Writes UTF-8 text atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false),
            leaveOpen: true); w.Write(text); });
    }

    /// <summary>
    /// Deletes the temporary files that writes in <paramref name="folder"/> and its subfolders left when their process
    /// was killed (names of the form <c>.NAME.PID.GUID.tmp</c>, as <see cref="Write"/> makes them). Call it only while
    /// no other run writes there (under its <see cref="FolderLock"/>). Returns the number deleted.
    /// </summary>
    public static int DeleteStaleTemporaries(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) return 0;
        var deleted = 0;
        foreach (var f in Directory.EnumerateFiles(folder, ".*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(f);
            deleted++;
        }
        return deleted;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
