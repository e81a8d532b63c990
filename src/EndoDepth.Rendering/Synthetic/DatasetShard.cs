namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: the contiguous item range [⌊N·i/k⌋, ⌊N·(i+1)/k⌋) of N
/// items.
/// Any split gives the same items and bytes as an unsharded run.
/// </summary>
/// <param name="Index">Zero-based shard index.</param>
/// <param name="Count">Number of shards.</param>
public readonly record struct DatasetShard(int Index, int Count)
{
    /// <summary>The whole set.</summary>
    public static DatasetShard All => new(0, 1);

    /// <summary>The item range of this shard in a set of <paramref name="total"/> items.</summary>
    /// <exception cref="ArgumentException">Index not in [0, Count).</exception>
    public (int Start, int End) Range(int total)
    {
        if (Count < 1 || Index < 0 || Index >= Count)
            throw new ArgumentException($"Shard {Index}/{Count} is not valid (0 ≤ index < count).");
        return ((int)((long)total * Index / Count), (int)((long)total * (Index + 1) / Count));
    }

    /// <summary>Parses "i/k" (zero-based i).</summary>
    /// <exception cref="FormatException">Not of the form i/k with 0 ≤ i &lt; k.</exception>
    public static DatasetShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture,
            out var i) ||
            !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var k) || k < 1 || i < 0
                || i >= k)
            throw new FormatException($"Shard '{text}' is not of the form i/k with 0 ≤ i < k (e.g. 0/4).");
        return new DatasetShard(i, k);
    }
}
