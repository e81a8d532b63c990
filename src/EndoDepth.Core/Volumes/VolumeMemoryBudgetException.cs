using System.Globalization;
using EndoDepth.IO;

namespace EndoDepth.Volumes;

/// <summary>A file declares more data than <see cref="VolumeMemoryBudget"/> allows one read to allocate.</summary>
public sealed class VolumeMemoryBudgetException : DataFileException
{
    /// <summary>Bytes the file's declared content needs.</summary>
    public long NeededBytes { get; }

    /// <summary>The budget in force (bytes).</summary>
    public long BudgetBytes { get; }

    /// <summary>Creates the exception for a file, what needs the memory, and the sizes.</summary>
    public VolumeMemoryBudgetException(string filePath, string what, long neededBytes, long budgetBytes)
        : base(filePath, $"{what} needs {Size(neededBytes)}, more than the memory budget of {Size(budgetBytes)} " +
            $"(raise it with {VolumeMemoryBudget.EnvironmentVariable}=SIZE, e.g. 16G, or VolumeMemoryBudget in code)")
    {
        NeededBytes = neededBytes;
        BudgetBytes = budgetBytes;
    }

    /// <summary>Creates the exception with a bare message.</summary>
    public VolumeMemoryBudgetException() : base() { }

    /// <summary>Creates the exception with a bare message.</summary>
    public VolumeMemoryBudgetException(string message) : base(message) { }

    /// <summary>Creates the exception with a bare message and inner exception.</summary>
    public VolumeMemoryBudgetException(string message, Exception inner) : base(message, inner) { }

    private static string Size(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
        : (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
