namespace EndoDepth.Rendering.Compute;

/// <summary>
/// Read/write access to a one-dimensional array of <typeparamref name="T"/> that a kernel body can be generic over:
/// <see cref="HostView{T}"/> (a managed array, for the <c>Parallel.For</c> launcher) or <see cref="DeviceView{T}"/>
/// (an ILGPU <c>ArrayView</c>, for the ILGPU launcher). Both are structs, so calls are resolved statically.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IElementView<T> where T : unmanaged
{
    /// <summary>Number of elements.</summary>
    int Length { get; }

    /// <summary>Reads element <paramref name="index"/>.</summary>
    T Load(int index);

    /// <summary>Writes element <paramref name="index"/>.</summary>
    void Store(int index, T value);
}
