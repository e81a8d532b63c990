namespace EndoDepth.Randomness;

/// <summary>
/// A tiny deterministic random generator (SplitMix64, Steele et al. 2014). Used instead of <see cref="Random"/> so that
/// the same seed gives the same phantom, poses and bytes on every runtime and platform.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts a stream from <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) { _state = seed; }

    /// <summary>
    /// A stream that depends only on the given keys (e.g. a run seed and an item index): seeded with
    /// <see cref="Seed.Derive64"/>.
    /// </summary>
    public static SplitMix64 For(long seed, long index, long stream = 0) => new(Seed.Derive64(seed, stream, index));

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit hash (<see cref="Seed.Mix"/>).</summary>
    public static ulong Mix(ulong z) => Seed.Mix(z);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public float Uniform(float min, float max) => (float)(min + (max - min) * NextDouble());

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)(NextDouble() * count);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    public float Gaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
