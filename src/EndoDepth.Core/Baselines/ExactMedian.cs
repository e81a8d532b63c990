namespace EndoDepth.Baselines;

/// <summary>
/// The exact median (numpy's: the mean of the two middle values for an even count) of positive finite floats seen in
/// two identical passes, in bounded memory: the first pass histograms the upper 16 bits of each value's IEEE bit
/// pattern (which orders positive floats), the second the lower 16 bits of the values in the one or two buckets that
/// hold the middle ranks. Three 2¹⁶-entry histograms, whatever the count.
/// </summary>
internal sealed class ExactMedian
{
    private const int Buckets = 1 << 16;
    private readonly long[] _high = new long[Buckets];
    private long[]? _lowOfLower, _lowOfUpper;
    private long _count, _second;
    private int _lowerBucket, _upperBucket;
    private long _lowerRank, _upperRank;

    /// <summary>Values counted by the first pass.</summary>
    public long Count => _count;

    /// <summary>First pass: counts a value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public void AddFirst(float value) => _high[Bits(value) >> 16]++;

    /// <summary>Ends the first pass; returns false when it saw no value (there is no median).</summary>
    public bool EndFirst()
    {
        _count = 0;
        foreach (var c in _high) _count += c;
        if (_count == 0) return false;
        (_lowerBucket, _lowerRank) = Locate((_count - 1) / 2);
        (_upperBucket, _upperRank) = Locate(_count / 2);
        _lowOfLower = new long[Buckets];
        _lowOfUpper = _upperBucket == _lowerBucket ? _lowOfLower : new long[Buckets];
        return true;
    }

    /// <summary>Second pass: the same values again, in any order.</summary>
    public void AddSecond(float value)
    {
        var b = Bits(value);
        var high = (int)(b >> 16);
        if (high == _lowerBucket) _lowOfLower![b & 0xFFFF]++;
        else if (high == _upperBucket) _lowOfUpper![b & 0xFFFF]++;
        else return;
        _second++;
    }

    /// <summary>The median after both passes.</summary>
    /// <exception cref="InvalidOperationException">The passes differed or <see cref="EndFirst"/> was not
    /// called.</exception>
    public double Result()
    {
        if (_lowOfLower is null || _lowOfUpper is null)
            throw new InvalidOperationException("The first pass has not ended.");
        var expected = _high[_lowerBucket] + (_upperBucket == _lowerBucket ? 0 : _high[_upperBucket]);
        if (_second != expected) throw new InvalidOperationException("The second pass saw other values " +
            "than the first.");
        double lower = Value(_lowerBucket, _lowOfLower, _lowerRank);
        double upper = Value(_upperBucket, _lowOfUpper, _upperRank);
        return (lower + upper) / 2;
    }

    /// <summary>The bucket holding the value of 0-based rank <paramref name="rank"/>, and the rank within it.</summary>
    private (int Bucket, long Rank) Locate(long rank)
    {
        for (var b = 0; b < Buckets; b++)
        {
            if (rank < _high[b]) return (b, rank);
            rank -= _high[b];
        }
        throw new InvalidOperationException("Rank beyond the count.");
    }

    private static float Value(int bucket, long[] low, long rank)
    {
        for (var l = 0; l < Buckets; l++)
        {
            if (rank < low[l]) return BitConverter.UInt32BitsToSingle(((uint)bucket << 16) | (uint)l);
            rank -= low[l];
        }
        throw new InvalidOperationException("Rank beyond the bucket.");
    }

    private static uint Bits(float value)
    {
        if (!(value > 0) || float.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value,
            "Only positive finite values have a median here.");
        return BitConverter.SingleToUInt32Bits(value);
    }
}
