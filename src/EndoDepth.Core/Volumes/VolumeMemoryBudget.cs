using System.Globalization;

namespace EndoDepth.Volumes;

/// <summary>
/// The most memory one volume read may allocate for what a file declares (voxels, a deflated data set's pixel bytes).
/// A file declaring more is refused with <see cref="VolumeMemoryBudgetException"/> before anything that size is
/// allocated. The default is half the memory available to the process (the machine's RAM, or the container's limit),
/// or the environment variable <c>ENDODEPTH_MEMORY_BUDGET</c> (bytes, or with a K/M/G/T suffix, powers of 1024) when
/// set. <see cref="Use"/> changes it for the calling flow only (async-local), so concurrent reads do not see each
/// other's budget; <see cref="ProcessDefault"/> changes it for the whole process.
/// </summary>
public static class VolumeMemoryBudget
{
    /// <summary>The name of the environment variable that sets the process default.</summary>
    public const string EnvironmentVariable = "ENDODEPTH_MEMORY_BUDGET";

    private static readonly AsyncLocal<long?> Scoped = new();
    private static long processDefault = FromEnvironment() ?? Machine();

    /// <summary>The budget in force for the calling flow (bytes).</summary>
    public static long Bytes => Scoped.Value ?? Interlocked.Read(ref processDefault);

    /// <summary>The budget of flows that set none (bytes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public static long ProcessDefault
    {
        get => Interlocked.Read(ref processDefault);
        set => Interlocked.Exchange(ref processDefault, Positive(value));
    }

    /// <summary>Sets the budget for the calling flow until the returned scope is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public static IDisposable Use(long bytes)
    {
        var previous = Scoped.Value;
        Scoped.Value = Positive(bytes);
        return new Restore(previous);
    }

    /// <summary>Parses a size: bytes, or a number with a K, M, G or T suffix (powers of 1024; "B"/"iB" optional).</summary>
    /// <exception cref="FormatException">Not a positive size.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToUpperInvariant();
        if (t.EndsWith("IB", StringComparison.Ordinal)) t = t[..^2];
        else if (t.EndsWith('B')) t = t[..^1];
        var shift = t.Length > 0 ? "KMGT".IndexOf(t[^1], StringComparison.Ordinal) : -1;
        if (shift >= 0) t = t[..^1];
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 1)
            || v * Math.Pow(1024, shift + 1) > long.MaxValue / 2)
            throw new FormatException($"'{text}' is not a memory size (e.g. 8G, 512M or a number of bytes).");
        return (long)(v * Math.Pow(1024, shift + 1));
    }

    /// <summary>Throws unless <paramref name="bytes"/> fits the budget.</summary>
    /// <exception cref="VolumeMemoryBudgetException">It does not.</exception>
    internal static void Require(string file, long bytes, string what)
    {
        var budget = Bytes;
        if (bytes > budget) throw new VolumeMemoryBudgetException(file, what, bytes, budget);
    }

    private static long Machine() => Math.Max(1L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);

    private static long? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        try { return Parse(value); }
        catch (FormatException) { return null; }
    }

    private static long Positive(long bytes) => bytes > 0
        ? bytes
        : throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A memory budget must be positive.");

    private sealed class Restore(long? previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}
