using System.Runtime.CompilerServices;

namespace EndoDepth.Rendering.Compute;

/// <summary>An <see cref="IElementView{T}"/> over a managed array (the <c>Parallel.For</c> launcher's
/// storage).</summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct HostView<T> : IElementView<T> where T : unmanaged
{
    private readonly T[] _array;

    /// <summary>Wraps <paramref name="array"/> (not copied).</summary>
    public HostView(T[] array) { _array = array ?? throw new ArgumentNullException(nameof(array)); }

    /// <inheritdoc />
    public int Length => _array.Length;

    /// <summary>The wrapped array (for CPU-only bodies that read it through pointers).</summary>
    internal T[] Array => _array;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Load(int index) => _array[index];

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int index, T value) => _array[index] = value;
}
