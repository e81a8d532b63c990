namespace EndoDepth.Crf.Training;

/// <summary>
/// Length and last-write time of a source file, recorded in a cache file to notice that the source changed.
/// </summary>
/// <param name="Length">Length in bytes.</param>
/// <param name="LastWriteTicks">Last write time, UTC ticks.</param>
internal readonly record struct SourceStamp(long Length, long LastWriteTicks)
{
    /// <summary>The stamp of a file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static SourceStamp Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"'{path}' does not exist.", path);
        return new SourceStamp(info.Length, info.LastWriteTimeUtc.Ticks);
    }
}
