using EndoDepth.IO;

namespace EndoDepth.Datasets;

/// <summary>
/// A dataset folder was made with other arguments than the run that would resume it (its
/// <see cref="DatasetRecipe"/> differs): resuming would mix two datasets, so the run is refused.
/// </summary>
public sealed class DatasetRecipeException : DataFileException
{
    /// <summary>Creates the exception for one differing argument.</summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="argument">The argument's name.</param>
    /// <param name="recorded">Its value in the folder's recipe (null: absent).</param>
    /// <param name="requested">Its value in this run (null: absent).</param>
    /// <param name="why">Why the difference is refused, when not obvious.</param>
    public DatasetRecipeException(string folder, string argument, string? recorded, string? requested,
        string? why = null)
        : base(folder, $"made with {argument} {recorded ?? "(none)"}, not {requested ?? "(none)"}" +
            (why is null ? "" : $" ({why})") + "; use a new folder or start this one over")
    {
        Argument = argument;
        Recorded = recorded;
        Requested = requested;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public DatasetRecipeException() : base() => Argument = "";

    /// <summary>Creates the exception with a bare message.</summary>
    public DatasetRecipeException(string message) : base(message) => Argument = "";

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public DatasetRecipeException(string message, Exception inner) : base(message, inner) => Argument = "";

    /// <summary>The argument that differs.</summary>
    public string Argument { get; }

    /// <summary>Its value in the folder's recipe (null: absent).</summary>
    public string? Recorded { get; }

    /// <summary>Its value in the refused run (null: absent).</summary>
    public string? Requested { get; }
}
