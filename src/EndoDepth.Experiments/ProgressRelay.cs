namespace EndoDepth.Experiments;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler synchronously, on the reporting thread.</summary>
internal sealed class ProgressRelay<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
