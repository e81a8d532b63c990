using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EndoDepth.Rendering.Compute;

/// <summary>
/// A host array as a kernel view without per-element bounds checks, for the hottest lookups of the CPU launcher (the
/// forward model's trilinear grid reads: eight per lookup, ~20 % of a lookup's cost when checked). Only for views whose
/// every index is in range by construction: <see cref="Surfaces.SdfGridShape.SampleAt{TView}"/> clamps its coordinates
/// so that all eight corner indices lie in [0, Nx·Ny·Nz), and this view is created only over an array of exactly that
/// length (<see cref="ForGrid"/>).
/// </summary>
internal readonly struct UncheckedHostView<T> : IElementView<T> where T : unmanaged
{
    private readonly T[] _array;

    private UncheckedHostView(T[] array) { _array = array; }

    /// <summary>A view over <paramref name="values"/>, which must hold exactly <paramref name="expectedLength"/>
    /// elements.</summary>
    /// <exception cref="ArgumentException">The array's length is not the expected one.</exception>
    public static UncheckedHostView<T> ForGrid(T[] values, long expectedLength)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.LongLength != expectedLength)
            throw new ArgumentException($"The grid holds {values.LongLength} values, its shape {expectedLength}.",
                nameof(values));
        return new UncheckedHostView<T>(values);
    }

    /// <inheritdoc />
    public int Length => _array.Length;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Load(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), (nint)(uint)index);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int index, T value)
        => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), (nint)(uint)index) = value;
}
