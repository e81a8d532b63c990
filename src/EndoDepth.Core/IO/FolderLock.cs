namespace EndoDepth.IO;

/// <summary>
/// An exclusive lock on a folder that one run writes: the file <c>.lock</c> in it, held open with
/// <see cref="FileShare.None"/>. On Linux and macOS .NET takes that as an advisory <c>flock</c>, which the kernel drops
/// when the process ends in any way (a <c>kill -9</c> included), so a dead run never leaves a stale lock; on Windows
/// the share mode itself excludes other openers. The <c>.lock</c> file stays in the folder: deleting it on release
/// would let a waiting opener lock a file that no longer has a name while a third run locks a new one.
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>Name of the lock file inside the folder.</summary>
    public const string FileName = ".lock";

    private readonly FileStream _stream;

    private FolderLock(string folder, FileStream stream)
    {
        Folder = folder;
        _stream = stream;
    }

    /// <summary>The locked folder, or output file (full path).</summary>
    public string Folder { get; }

    /// <summary>
    /// Locks <paramref name="folder"/> (creating it if needed) for this process until the returned lock is disposed.
    /// Does not wait: a folder locked by another run (or by another lock of this process) is refused at once.
    /// </summary>
    /// <exception cref="FolderInUseException">Another run holds the folder's lock.</exception>
    public static FolderLock Acquire(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        Directory.CreateDirectory(full);
        return Take(full, Path.Combine(full, FileName));
    }

    /// <summary>
    /// Locks the output file <paramref name="file"/> (and what is written beside it under its name, such as a
    /// checkpoint): the lock is the file <c>.NAME.lock</c> in its folder, so runs writing other files of one folder do
    /// not exclude each other. Does not wait.
    /// </summary>
    /// <exception cref="FolderInUseException">Another run holds the file's lock.</exception>
    public static FolderLock AcquireForFile(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{file} is not a file path.",
            nameof(file));
        Directory.CreateDirectory(folder);
        return Take(full, Path.Combine(folder, "." + Path.GetFileName(full) + ".lock"));
    }

    private static FolderLock Take(string locked, string lockFile)
    {
        try
        {
            return new FolderLock(locked, new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                FileShare.None, 1, FileOptions.None));
        }
        catch (IOException e) when (HeldElsewhere(e))
        {
            throw new FolderInUseException(locked, e, Path.GetFileName(lockFile));
        }
    }

    /// <summary>
    /// True when opening failed because another opener holds the file: <c>flock</c>'s EWOULDBLOCK (the raw errno is
    /// the HResult on Unix: 11 on Linux, 35 on macOS) or a sharing or lock violation on Windows. Any other failure (a
    /// full disk, a read-only folder) is reported as itself.
    /// </summary>
    private static bool HeldElsewhere(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is 32 or 33
        : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    /// <summary>Releases the lock (the file stays).</summary>
    public void Dispose() => _stream.Dispose();
}
