using EndoDepth.Rendering.Compute;
using ILGPU;
using ILGPU.Runtime;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Host arrays kept on an accelerator between renders, keyed by the array instance: a volume's HU and its looks'
/// baked tables go to the device once per volume, not once per render. Thread-safe; <see cref="Clear"/> frees them.
/// </summary>
internal sealed class ResidentArrays : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<float[], MemoryBuffer1D<float, Stride1D.Dense>> _buffers =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>How many arrays are on the device now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _buffers.Count;
        }
    }

    /// <summary>How many arrays were copied to a device so far (a cache miss each).</summary>
    public int Uploads { get; private set; }

    /// <summary>A device view of <paramref name="data"/>, copied to <paramref name="accelerator"/> on first
    /// use.</summary>
    public DeviceView<float> ViewOf(Accelerator accelerator, float[] data)
    {
        lock (_gate)
        {
            if (!_buffers.TryGetValue(data, out var buffer))
            {
                buffer = accelerator.Allocate1D(data);
                _buffers[data] = buffer;
                Uploads++;
            }
            return new DeviceView<float>(buffer.View);
        }
    }

    /// <summary>Frees every device copy (the next render uploads again).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var buffer in _buffers.Values) buffer.Dispose();
            _buffers.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Clear();
}
