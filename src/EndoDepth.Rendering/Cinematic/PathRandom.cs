using System.Runtime.CompilerServices;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// A small PCG32 random stream seeded by hashing (seed, pixel, sample), so a path's numbers do not depend on thread
/// scheduling and the same seed gives the same bytes on every launcher. Usable inside ILGPU kernels.
/// </summary>
internal struct PathRandom
{
    private ulong _state;

    /// <summary>A stream for one path: <paramref name="seed"/>, pixel index and sample index.</summary>
    public PathRandom(uint seed, uint pixel, uint sample)
    {
        _state = 0x853C49E6748FEA9BUL ^
            ((ulong)Hash(seed ^ Hash(pixel + 0x9E3779B9u)) << 32 | Hash(sample ^ Hash(pixel ^ seed * 0x85EBCA6Bu)));
        NextUInt();
        NextUInt();
    }

    /// <summary>The generator's 64-bit state (the eight-lane CPU tracker steps it in vector lanes,
    /// <see cref="RandomOctet"/>).</summary>
    public ulong State
    {
        readonly get => _state;
        set => _state = value;
    }

    /// <summary>A 32-bit integer hash (lowbias32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(uint x)
    {
        x ^= x >> 16; x *= 0x7FEB352Du;
        x ^= x >> 15; x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    /// <summary>The next 32 random bits (PCG-XSH-RR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt()
    {
        var old = _state;
        _state = old * 6364136223846793005UL + 1442695040888963407UL;
        var xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        var rot = (int)(old >> 59);
        return (xorShifted >> rot) | (xorShifted << ((-rot) & 31));
    }

    /// <summary>A uniform float in [0, 1) (24 random bits; never exactly 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt() >> 8) * (1f / 16777216f);
}
