namespace EndoDepth.IO;

/// <summary>
/// A folder could not be locked for writing because another run holds its <see cref="FolderLock"/>: two runs writing
/// one folder would mix their files.
/// </summary>
public sealed class FolderInUseException : IOException
{
    /// <summary>Creates the exception for <paramref name="folder"/>.</summary>
    public FolderInUseException(string folder, Exception? inner = null)
        : base($"{folder} is being written by another run (its {FolderLock.FileName} is held); wait for that run to " +
            "end or use another folder.", inner)
    {
        Folder = folder;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public FolderInUseException() : base("The folder is being written by another run.") => Folder = "";

    /// <summary>Creates the exception with a bare message.</summary>
    public FolderInUseException(string message) : base(message) => Folder = "";

    /// <summary>The folder (full path); empty when unknown.</summary>
    public string Folder { get; }
}
