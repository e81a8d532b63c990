using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Rendering.Synthetic.Kernel;
using EndoDepth.Rendering.Synthetic.Octets;
using ILGPU;
using ILGPU.Runtime;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// The synthetic endoscope forward model of the paper's §2.1.1: a wide-angle monocular camera (pinhole or equidistant
/// fisheye) with 2–3 point lights at the lens (inverse-square falloff) imaging a surface given as a signed distance
/// grid
/// (<see cref="SignedDistanceGrid"/>, or a <see cref="ColonPhantom"/>'s baked surface). Produces a grey image in [0, 1]
/// and its exact z-depth (mm). One kernel thread per pixel, launched through a <see cref="ComputeDevice"/> (CUDA when
/// present, else <c>Parallel.For</c>; the ILGPU CPU accelerator in tests).
/// </summary>
public sealed class SyntheticEndoscope : IForwardModel<ISignedDistanceScene>, IDisposable
{
    /// <summary>Pixels per kernel index on the CPU launchers
    /// (<see cref="EndoscopePixel.ShadeStrip{TGrid, TOut}"/>).</summary>
    internal const int CpuStripLength = 32;

    /// <summary>Pixels per kernel index of the eight-lane CPU tracer (<see cref="RayOctet"/>): long enough that its
    /// sixteen lanes rarely idle.</summary>
    internal const int OctetStripLength = 128;

    /// <summary>Whether the <c>Parallel.For</c> launcher traces eight rays per instruction (AVX2); tests turn it off to
    /// compare.</summary>
    internal bool UseOctets { get; init; } = RayOctet.IsSupported;

    private readonly object _gate = new();
    private SignedDistanceGrid? _uploadedGrid;
    private EndoscopeRayTable? _uploadedRays;
    private volatile EndoscopeRayTable? _rays;
    private MemoryBuffer1D<float, Stride1D.Dense>? _gridBuffer, _rayBuffer, _imageBuffer, _depthBuffer, _startBuffer;

    /// <summary>Creates the model.</summary>
    /// <param name="settings">Shading, sensor and tracing settings; defaults when null.</param>
    /// <param name="device">
    /// The launcher, borrowed: whoever created it disposes it (after this model); <see cref="ComputeDevice.Shared"/>
    /// when null.
    /// </param>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    public SyntheticEndoscope(SyntheticEndoscopeSettings? settings = null, ComputeDevice? device = null)
    {
        Settings = settings ?? new SyntheticEndoscopeSettings();
        Settings.Validate();
        Device = device ?? ComputeDevice.Shared;
    }

    /// <summary>The settings.</summary>
    public SyntheticEndoscopeSettings Settings { get; }

    /// <summary>The launcher in use.</summary>
    public ComputeDevice Device { get; }

    /// <inheritdoc />
    public RenderedFrame Render(ISignedDistanceScene scene, CameraView view,
        CancellationToken cancellationToken = default) =>
        Render(scene, view, Settings.NoiseSeed, cancellationToken);

    /// <summary>Renders one view with an explicit sensor-noise seed (the dataset generator seeds each item).</summary>
    public RenderedFrame Render(ISignedDistanceScene scene, CameraView view, ulong noiseSeed,
        CancellationToken cancellationToken = default) =>
        Render(GridOf(scene), view, noiseSeed, parallel: true, cancellationToken);

    /// <inheritdoc />
    /// <remarks>On the CPU the frames are rendered concurrently, one per core, each on one thread (no per-frame
    /// fork/join); the bytes are those of <see cref="Render(ISignedDistanceScene, CameraView, CancellationToken)"/> per
    /// view.</remarks>
    public IReadOnlyList<RenderedFrame> RenderBatch(ISignedDistanceScene scene, IReadOnlyList<CameraView> views,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(views);
        return RenderBatch(scene, views, [.. Enumerable.Repeat(Settings.NoiseSeed, views.Count)], progress,
            cancellationToken);
    }

    /// <summary>
    /// Renders several views of one scene, each with its own sensor-noise seed. On the CPU the frames are rendered
    /// concurrently, one per core, each on one thread; on an ILGPU accelerator one after another. Frame k is
    /// byte-identical to <c>Render(scene, views[k], noiseSeeds[k])</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public IReadOnlyList<RenderedFrame> RenderBatch(ISignedDistanceScene scene, IReadOnlyList<CameraView> views,
        IReadOnlyList<ulong> noiseSeeds,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(noiseSeeds);
        if (noiseSeeds.Count != views.Count)
            throw new ArgumentException($"{views.Count} views but {noiseSeeds.Count} noise seeds.", nameof(noiseSeeds));
        var grid = GridOf(scene);
        foreach (var view in views)
        {
            ArgumentNullException.ThrowIfNull(view, nameof(views));
            ImageSize.Validate(view.Camera.Width, view.Camera.Height);
        }
        var frames = new RenderedFrame[views.Count];
        if (Device.UsesIlgpu)
        {
            for (var k = 0; k < views.Count; k++)
            {
                frames[k] = Render(grid, views[k], noiseSeeds[k], parallel: true, cancellationToken);
                progress?.Report(k + 1);
            }
            return frames;
        }
        var done = 0;
        var options = new ParallelOptions { CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            Parallel.For(0, views.Count, options, k =>
            {
                frames[k] = Render(grid, views[k], noiseSeeds[k], parallel: false, cancellationToken);
                progress?.Report(Interlocked.Increment(ref done));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // the caller sees the real exception
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return frames;
    }

    private RenderedFrame Render(SignedDistanceGrid grid, CameraView view, ulong noiseSeed, bool parallel,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        cancellationToken.ThrowIfCancellationRequested();
        var camera = view.Camera;
        ImageSize.Validate(camera.Width, camera.Height);
        var n = camera.Width * camera.Height;
        // A long strip per kernel index keeps a CPU core's four lanes busy; a GPU wants many threads (one pixel each).
        var octets = !Device.UsesIlgpu && UseOctets;
        var frame = EndoscopeFrameParams.Create(grid, view, Settings, noiseSeed,
            Device.Backend == ComputeBackend.Cuda ? 1 : octets ? OctetStripLength : CpuStripLength);
        var image = new float[n];
        var depth = new float[n];
        var rays = RaysOf(camera);
        if (Device.UsesIlgpu) RenderIlgpu(grid, rays, frame, image, depth);
        else
        {
            var g = grid.Shape;
            var values = UncheckedHostView<float>.ForGrid(grid.Values, (long)g.Nx * g.Ny * g.Nz);
            var starts = new HostView<float>(new float[Math.Max(1, frame.BlockCount)]);
            var table = new HostView<float>(rays.Values);
            // The CPU launchers: one frame across the cores (Parallel.For), or on this thread (a batch's frame per
            // core).
            void Run<TBody>(int length, TBody body) where TBody : struct, IKernelBody
            {
                if (parallel) ParallelLauncher.Run(length, body);
                else ParallelLauncher.RunSequential(length, body);
            }
            if (octets)
            {
                Run((frame.BlockCount + ConeOctet.BlocksPerIndex - 1) / ConeOctet.BlocksPerIndex,
                    new EndoscopeConeOctetBody { Frame = frame, GridValues = grid.Values, Rays = table,
                        BlockStart = starts });
                Run(frame.StripCount, new EndoscopeOctetBody
                {
                    Frame = frame, GridValues = grid.Values, RayTable = rays.Values, Image = image, Depth = depth,
                        BlockStart = starts,
                });
            }
            else
            {
                Run(frame.ConeIndexCount,
                    new EndoscopeConeBody<UncheckedHostView<float>, HostView<float>> { Frame = frame, Grid = values,
                    Rays = table, BlockStart = starts });
                Run(frame.StripCount, new EndoscopeKernelBody<UncheckedHostView<float>, HostView<float>>
                {
                    Frame = frame, Grid = values, Rays = table,
                    Image = new HostView<float>(image), Depth = new HostView<float>(depth), BlockStart = starts,
                });
            }
        }
        return new RenderedFrame(new ImageF(camera.Width, camera.Height, 1, image),
            new DepthMap(camera.Width, camera.Height, depth));
    }

    /// <summary>The ray table of <paramref name="camera"/>: the last one made when the camera is the same (a dataset
    /// uses one).</summary>
    private EndoscopeRayTable RaysOf(CameraModel camera)
    {
        var rays = _rays;
        if (rays is null || !rays.Camera.Equals(camera)) _rays = rays = EndoscopeRayTable.For(camera);
        return rays;
    }

    private static SignedDistanceGrid GridOf(ISignedDistanceScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return scene.Surface;
    }

    private void RenderIlgpu(SignedDistanceGrid grid, EndoscopeRayTable rays, EndoscopeFrameParams frame, float[] image,
        float[] depth)
    {
        lock (_gate)
        {
            var acc = Device.Accelerator;
            if (!ReferenceEquals(_uploadedGrid, grid))
            {
                _gridBuffer?.Dispose();
                _gridBuffer = acc.Allocate1D(grid.Values);
                _uploadedGrid = grid;
            }
            if (!ReferenceEquals(_uploadedRays, rays))
            {
                _rayBuffer?.Dispose();
                _rayBuffer = acc.Allocate1D(rays.Values);
                _uploadedRays = rays;
            }
            if (_imageBuffer is null || _imageBuffer.Length != image.Length)
            {
                _imageBuffer?.Dispose(); _depthBuffer?.Dispose();
                _imageBuffer = acc.Allocate1D<float>(image.Length);
                _depthBuffer = acc.Allocate1D<float>(image.Length);
            }
            var blocks = Math.Max(1, frame.BlockCount);
            if (_startBuffer is null || _startBuffer.Length < blocks)
            {
                _startBuffer?.Dispose();
                _startBuffer = acc.Allocate1D<float>(blocks);
            }
            var values = new DeviceView<float>(_gridBuffer!.View);
            var starts = new DeviceView<float>(_startBuffer.View);
            var table = new DeviceView<float>(_rayBuffer!.View);
            Device.Launch(frame.ConeIndexCount,
                new EndoscopeConeBody<DeviceView<float>, DeviceView<float>> { Frame = frame, Grid = values,
                Rays = table, BlockStart = starts });
            Device.Launch(frame.StripCount, new EndoscopeKernelBody<DeviceView<float>, DeviceView<float>>
            {
                Frame = frame, Grid = values, BlockStart = starts, Rays = table,
                Image = new DeviceView<float>(_imageBuffer.View), Depth = new DeviceView<float>(_depthBuffer!.View),
            });
            _imageBuffer.CopyToCPU(image);
            _depthBuffer!.CopyToCPU(depth);
        }
    }

    /// <summary>Frees this model's device buffers (the device itself belongs to whoever created it).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _gridBuffer?.Dispose(); _rayBuffer?.Dispose(); _imageBuffer?.Dispose(); _depthBuffer?.Dispose();
                _startBuffer?.Dispose();
            _gridBuffer = _rayBuffer = _imageBuffer = _depthBuffer = _startBuffer = null;
            _uploadedGrid = null;
            _uploadedRays = null;
        }
    }
}
