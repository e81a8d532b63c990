namespace EndoDepth.Randomness;

/// <summary>
/// The one way EndoDepth derives seeds: every random stream of a run (a phantom, an item's pose, lights and sensor
/// noise, a view's pose, a training run) is keyed by (master seed, stream, index) and hashed with the SplitMix64
/// finaliser (Steele et al. 2014), so streams never share state and any item can be made alone, in any order or shard.
/// </summary>
public static class Seed
{
    /// <summary>
    /// A 64-bit seed that depends only on (<paramref name="master"/>, <paramref name="stream"/>,
    /// <paramref name="index"/>).
    /// </summary>
    /// <param name="master">The run's master seed.</param>
    /// <param name="stream">What the seed is for (a constant per use, e.g. "poses of views").</param>
    /// <param name="index">Which one of that use (e.g. the item index).</param>
    public static ulong Derive64(long master, long stream, long index) =>
        Mix(Mix(Mix((ulong)master) ^ (ulong)index) ^ (ulong)stream * 0x9E3779B97F4A7C15UL);

    /// <summary>
    /// A non-negative 31-bit seed that depends only on (<paramref name="master"/>, <paramref name="stream"/>,
    /// <paramref name="index"/>).
    /// </summary>
    /// <param name="master">The run's master seed.</param>
    /// <param name="stream">What the seed is for.</param>
    /// <param name="index">Which one of that use.</param>
    public static int Derive(long master, long stream, long index = 0) =>
        (int)(Derive64(master, stream, index) & 0x7FFFFFFF);

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit hash.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
