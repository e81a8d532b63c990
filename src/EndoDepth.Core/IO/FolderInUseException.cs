namespace EndoDepth.IO;

/// <summary>
/// A folder could not be locked for writing because another run holds its <see cref="FolderLock"/>: two runs writing
/// one folder would mix their files.
/// </summary>
public sealed class FolderInUseException : IOException
{
    /// <summary>Creates the exception for <paramref name="folder"/>.</summary>
    public FolderInUseException(string folder, Exception? inner = null)
        : this(folder, inner, FolderLock.FileName) { }

    /// <summary>Creates the exception for a folder or output file and the lock file another run holds.</summary>
    internal FolderInUseException(string folder, Exception? inner, string lockFile)
        : base($"{folder} is being written by another run (its {lockFile} is held); wait for that run to end or " +
            "write somewhere else.", inner)
    {
        Folder = folder;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public FolderInUseException() : base("The folder is being written by another run.") => Folder = "";

    /// <summary>Creates the exception with a bare message.</summary>
    public FolderInUseException(string message) : base(message) => Folder = "";

    /// <summary>The folder or output file (full path); empty when unknown.</summary>
    public string Folder { get; }
}
