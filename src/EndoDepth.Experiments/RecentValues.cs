namespace EndoDepth.Experiments;

/// <summary>
/// The values of an expensive, deterministic function for the last few keys asked for (least recently used out
/// first). The dataset generators work source by source, so a few phantoms (each with its distance grid, tens of MB)
/// or CT volumes suffice, whatever the number of phantoms in the run; a key asked for again after its eviction is
/// recomputed, to the same value.
/// </summary>
internal sealed class RecentValues<TKey, TValue>(int capacity, Func<TKey, TValue> create) where TKey : notnull
{
    private readonly LinkedList<(TKey Key, TValue Value)> _recent = new();
    private readonly Lock _gate = new();

    /// <summary>Most values held at once.</summary>
    public int Capacity { get; } = capacity >= 1 ? capacity
        : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least one value.");

    /// <summary>The value of <paramref name="key"/>, computed outside the lock when not held.</summary>
    public TValue Get(TKey key)
    {
        if (TryTake(key, out var held)) return held;
        var value = create(key);
        lock (_gate)
        {
            // Another thread may have computed it meanwhile: keep one value per key.
            if (Find(key) is { } other) return Touch(other);
            _recent.AddFirst((key, value));
            if (_recent.Count > Capacity) _recent.RemoveLast();
            return value;
        }
    }

    /// <summary>The keys held, most recent first.</summary>
    public IReadOnlyList<TKey> Keys
    {
        get
        {
            lock (_gate) return [.. _recent.Select(e => e.Key)];
        }
    }

    private bool TryTake(TKey key, out TValue value)
    {
        lock (_gate)
        {
            var node = Find(key);
            value = node is null ? default! : Touch(node);
            return node is not null;
        }
    }

    private LinkedListNode<(TKey Key, TValue Value)>? Find(TKey key)
    {
        for (var n = _recent.First; n is not null; n = n.Next)
            if (EqualityComparer<TKey>.Default.Equals(n.Value.Key, key)) return n;
        return null;
    }

    private TValue Touch(LinkedListNode<(TKey Key, TValue Value)> node)
    {
        _recent.Remove(node);
        _recent.AddFirst(node);
        return node.Value.Value;
    }
}
