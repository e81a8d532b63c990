using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoDepth.Rendering.Compute;

/// <summary>
/// The run-time choice of kernel launcher shared by every kernel of the library: an ILGPU accelerator (CUDA, or the
/// CPU accelerator for tests) or a plain <c>Parallel.For</c>. The ILGPU context and accelerator are created lazily on
/// first use; each kernel is loaded once per body type and cached (reloading a kernel collapses performance).
/// <para>
/// Usage: write the kernel as a struct implementing <see cref="IKernelBody"/>, generic over its storage
/// (<see cref="IElementView{T}"/>). When <see cref="UsesIlgpu"/>, allocate buffers on <see cref="Accelerator"/> and
/// launch the body over <see cref="DeviceView{T}"/>s; otherwise launch it over <see cref="HostView{T}"/>s.
/// <see cref="Launch{TBody}"/> dispatches to the right launcher and waits for completion. Body types must be public,
/// or internal in an assembly that grants <c>InternalsVisibleTo("ILGPURuntime")</c> (the CPU accelerator emits code).
/// </para>
/// <para>
/// Ownership: renderers (<see cref="Synthetic.SyntheticEndoscope"/>, <see cref="Cinematic.CinematicRenderer"/>) borrow
/// the device they are given, or <see cref="Shared"/>, and never dispose it; whoever creates a device disposes it after
/// the renderers that use it. A renderer's <c>Dispose</c> frees only its own device buffers.
/// </para>
/// Thread-safe for concurrent launches on the <c>Parallel.For</c> path; ILGPU launches are serialised.
/// </summary>
public sealed class ComputeDevice : IDisposable
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<Type, Delegate> _kernels = new();
    private readonly ILogger _logger;
    private ComputeBackend? _resolved;
    private Context? _context;
    private Accelerator? _accelerator;
    private bool _disposed;

    /// <summary>Creates a device for <paramref name="backend"/>; nothing is initialised until first use.</summary>
    /// <param name="backend">The requested launcher; <see cref="ComputeBackend.Auto"/> by default.</param>
    /// <param name="logger">Receives which launcher was chosen.</param>
    public ComputeDevice(ComputeBackend backend = ComputeBackend.Auto, ILogger? logger = null)
    {
        if (!Enum.IsDefined(backend)) throw new ArgumentOutOfRangeException(nameof(backend),
            $"Unknown compute backend {backend}.");
        Requested = backend;
        _logger = logger ?? NullLogger.Instance;
        if (backend == ComputeBackend.ParallelFor) _resolved = ComputeBackend.ParallelFor;
    }

    /// <summary>A process-wide <see cref="ComputeBackend.Auto"/> device (never disposed by the library).</summary>
    public static ComputeDevice Shared { get; } = new();

    /// <summary>The launcher that was asked for.</summary>
    public ComputeBackend Requested { get; }

    /// <summary>
    /// The launcher in use: <see cref="ComputeBackend.Cuda"/>, <see cref="ComputeBackend.IlgpuCpu"/> or
    /// <see cref="ComputeBackend.ParallelFor"/> (resolving <see cref="ComputeBackend.Auto"/> creates the ILGPU
    /// context).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="ComputeBackend.Cuda"/> was requested and no CUDA device
    /// exists.</exception>
    public ComputeBackend Backend
    {
        get
        {
            if (_resolved is { } r) return r;
            lock (_gate)
            {
                EnsureInitialised();
                return _resolved!.Value;
            }
        }
    }

    /// <summary>True when kernels run through ILGPU (<see cref="Accelerator"/> is available).</summary>
    public bool UsesIlgpu => Backend != ComputeBackend.ParallelFor;

    /// <summary>The ILGPU accelerator (created on first access).</summary>
    /// <exception cref="InvalidOperationException">This device uses the <c>Parallel.For</c> launcher.</exception>
    public Accelerator Accelerator
    {
        get
        {
            lock (_gate)
            {
                EnsureInitialised();
                return _accelerator
                    ?? throw new InvalidOperationException("This compute device uses the Parallel.For launcher and has "
                    + "no ILGPU accelerator.");
            }
        }
    }

    /// <summary>True when an NVIDIA CUDA device is present (creates and disposes a temporary ILGPU context).</summary>
    public static bool IsCudaAvailable()
    {
        try
        {
            using var context = Context.Create(b => b.Cuda());
            return context.GetCudaDevices().Count > 0;
        }
        catch (Exception e) when
            (e is CudaException or DllNotFoundException or TypeInitializationException or NotSupportedException or
            InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [0, <paramref name="length"/>) and waits until all finished.
    /// On ILGPU the body's views must be <see cref="DeviceView{T}"/>s of <see cref="Accelerator"/> buffers; on
    /// <c>Parallel.For</c>, <see cref="HostView{T}"/>s.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative length.</exception>
    public void Launch<TBody>(int length, TBody body) where TBody : struct, IKernelBody
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length == 0) return;
        if (!UsesIlgpu)
        {
            ParallelLauncher.Run(length, body);
            return;
        }
        lock (_gate)
        {
            var kernel = (Action<Index1D, TBody>)_kernels.GetOrAdd(typeof(TBody),
                _ => _accelerator!.LoadAutoGroupedStreamKernel<Index1D, TBody>(IlgpuEntry));
            kernel(length, body);
            _accelerator!.Synchronize();
        }
    }

    /// <summary>The ILGPU kernel entry: one thread per index, forwarding to the body.</summary>
    internal static void IlgpuEntry<TBody>(Index1D index, TBody body) where TBody : struct, IKernelBody
        => body.Execute(index);

    private void EnsureInitialised()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_resolved is not null && (_resolved == ComputeBackend.ParallelFor || _accelerator is not null)) return;
        switch (Requested)
        {
            case ComputeBackend.IlgpuCpu:
                _context = Context.Create(b => b.CPU().EnableAlgorithms());
                _accelerator = _context.CreateCPUAccelerator(0);
                _resolved = ComputeBackend.IlgpuCpu;
                break;
            case ComputeBackend.Cuda:
            case ComputeBackend.Auto:
                if (TryCreateCuda()) { _resolved = ComputeBackend.Cuda; break; }
                if (Requested == ComputeBackend.Cuda)
                    throw new InvalidOperationException("No CUDA device is available (ComputeBackend.Cuda was "
                    + "requested).");
                _resolved = ComputeBackend.ParallelFor;
                break;
            default:
                _resolved = ComputeBackend.ParallelFor;
                break;
        }
        _logger.LogInformation("Compute backend: {Backend} (requested {Requested}){Device}", _resolved, Requested,
            _accelerator is null ? "" : " on " + _accelerator.Name);
    }

    private bool TryCreateCuda()
    {
        Context? context = null;
        try
        {
            context = Context.Create(b => b.Cuda().EnableAlgorithms());
            var devices = context.GetCudaDevices();
            if (devices.Count == 0) { context.Dispose(); return false; }
            _accelerator = devices[0].CreateAccelerator(context);
            _context = context;
            return true;
        }
        catch (Exception e) when
            (e is CudaException or DllNotFoundException or TypeInitializationException or NotSupportedException or
            InvalidOperationException)
        {
            _logger.LogDebug(e, "CUDA unavailable");
            context?.Dispose();
            return false;
        }
    }

    /// <summary>Disposes the accelerator and the context (in that order).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _kernels.Clear();
            _accelerator?.Dispose();
            _context?.Dispose();
        }
    }
}
