namespace EndoDepth.Cli.Tests;

/// <summary>A temporary folder deleted at dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
        "endodepth-test-" + Guid.NewGuid().ToString("N"));

    /// <summary>Creates it.</summary>
    public TempFolder() => Directory.CreateDirectory(Path);

    /// <summary>A path inside.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
