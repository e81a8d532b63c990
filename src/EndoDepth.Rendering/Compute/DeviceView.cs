using ILGPU;

namespace EndoDepth.Rendering.Compute;

/// <summary>An <see cref="IElementView{T}"/> over an ILGPU <see cref="ArrayView{T}"/> (the ILGPU launcher's
/// storage).</summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct DeviceView<T> : IElementView<T> where T : unmanaged
{
    private readonly ArrayView<T> _view;

    /// <summary>Wraps an accelerator view.</summary>
    public DeviceView(ArrayView<T> view) { _view = view; }

    /// <inheritdoc />
    public int Length => _view.IntLength;

    /// <inheritdoc />
    public T Load(int index) => _view[index];

    /// <inheritdoc />
    public void Store(int index, T value) => _view[index] = value;
}
