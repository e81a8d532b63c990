using System.Runtime.CompilerServices;
using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Compute;
using EndoDepth.Volumes;
using ILGPU;
using ILGPU.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Cinematic rendering of CT colonography (paper §2.2, eq. (1)): per view, one opacity-threshold depth map from the
/// reference ramp (<see cref="DepthKernel"/>), then for each <see cref="CinematicPreset"/> a progressive Monte Carlo
/// volumetric path trace (<see cref="PathTracingKernel"/>) lit by the endoscope's light rig, tone-mapped to display
/// RGB.
/// Kernels run on the <see cref="ComputeDevice"/>'s launcher (CUDA, ILGPU CPU or <c>Parallel.For</c>, which traces
/// eight paths per instruction stream where the CPU has AVX2: <see cref="PathOctet"/>). On an
/// accelerator the last volume rendered and its looks' tables stay on the device until another volume comes (renders
/// of one volume upload it once); <see cref="Dispose"/> frees them. Renders of different volumes must not overlap.
/// </summary>
public sealed class CinematicRenderer : IVolumeRenderer<CinematicPreset>, IDisposable
{
    /// <summary>Stream of <see cref="Seed.Derive64"/> for the path-tracing seed of the i-th preset of a
    /// render.</summary>
    private const long PathStream = 0x50415448; // "PATH"

    /// <summary>Looks whose baked tables are kept (domain randomisation brings new ones with every render).</summary>
    private const int MaxCachedLooks = 64;

    private readonly ComputeDevice _device;
    private readonly ILogger _logger;
    private readonly object _cacheGate = new();
    private CtVolume? _cachedVolume;
    private float[]? _cachedHu;
    private MajorantGrid? _cachedGrid;
    private readonly Dictionary<TransferFunction,
        (float[] Baked, float[] Majorants)> _cachedTransfers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TissueTexture, Float3> _cachedTextureMeans = [];
    private readonly ResidentArrays _resident = new();

    /// <summary>Creates a renderer.</summary>
    /// <param name="settings">Sampling, depth and tone settings; defaults when null.</param>
    /// <param name="device">
    /// The kernel launcher, borrowed: whoever created it disposes it (after this renderer);
    /// <see cref="ComputeDevice.Shared"/> when null.
    /// </param>
    /// <param name="logger">Receives timings.</param>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public CinematicRenderer(CinematicSettings? settings = null, ComputeDevice? device = null,
        ILogger<CinematicRenderer>? logger = null)
    {
        Settings = settings ?? new CinematicSettings();
        Settings.Validate();
        _device = device ?? ComputeDevice.Shared;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The settings in use.</summary>
    public CinematicSettings Settings { get; }

    /// <summary>The launcher in use (borrowed, never disposed by this renderer).</summary>
    public ComputeDevice Device => _device;

    /// <summary>Whether the <c>Parallel.For</c> launcher traces eight paths per instruction stream
    /// (<see cref="PathOctet"/>, where the CPU has AVX2); tests and benchmarks turn it off to compare.</summary>
    internal bool UsePathOctets { get; init; } = PathOctet.IsSupported;

    /// <summary>How many arrays (a volume's HU, a look's tables) were copied to the device so far.</summary>
    internal int DeviceUploads => _resident.Uploads;

    /// <summary>Frees the device copies of the last volume and its looks (the device belongs to its creator).</summary>
    public void Dispose()
    {
        lock (_cacheGate) _resident.Dispose();
    }

    /// <inheritdoc />
    public VolumeRendering Render(CtVolume volume, CameraView view, IReadOnlyList<CinematicPreset> presets,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var r = RenderDetailed(volume, view, presets, progress, cancellationToken);
        return new VolumeRendering(r.Images, r.Depth);
    }

    /// <summary>Renders one view under each preset, returning display and HDR images, the shared depth and the
    /// normals.</summary>
    /// <exception cref="ArgumentException">No presets, or an invalid preset.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (between kernel launches).</exception>
    public CinematicResult RenderDetailed(CtVolume volume, CameraView view, IReadOnlyList<CinematicPreset> presets,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(presets);
        if (presets.Count == 0) throw new ArgumentException("At least one preset is needed.", nameof(presets));
        foreach (var p in presets) p.Validate();
        return _device.UsesIlgpu
            ? Run(new DeviceStore(_device.Accelerator, _resident), volume, view, presets, true, progress,
                cancellationToken)
            : Run(new HostStore(), volume, view, presets, true, progress, cancellationToken);
    }

    /// <summary>Only the opacity-threshold depth map and normals of a view (no Monte Carlo).</summary>
    public (DepthMap Depth, ImageF Normals) RenderDepth(CtVolume volume, CameraView view,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(view);
        var r = _device.UsesIlgpu
            ? Run(new DeviceStore(_device.Accelerator, _resident), volume, view, [], false, null, cancellationToken)
            : Run(new HostStore(), volume, view, [], false, null, cancellationToken);
        return (r.Depth, r.Normals);
    }

    private (float[] Hu, MajorantGrid Grid) Prepare(CtVolume volume, CancellationToken cancellationToken)
    {
        lock (_cacheGate)
        {
            if (!ReferenceEquals(_cachedVolume, volume) || _cachedHu is null || _cachedGrid is null)
            {
                _cachedHu = volume.AsFloat32();
                _cachedGrid = MajorantGrid.Build(_cachedHu, volume.Nx, volume.Ny, volume.Nz, Settings.MacroCellSize,
                    cancellationToken);
                _cachedVolume = volume;
                _cachedTransfers.Clear();
                _resident.Clear();
            }
            else if (_resident.Count > 2 * MaxCachedLooks + 1)
            {
                // Bound the device copies under domain randomisation; freed before this render takes any.
                _resident.Clear();
            }
            return (_cachedHu, _cachedGrid);
        }
    }

    /// <summary>The baked table and majorants of a transfer function over the cached grid (cached per function
    /// instance).</summary>
    private (float[] Baked, float[] Majorants) Transfer(TransferFunction tf, MajorantGrid grid)
    {
        lock (_cacheGate)
        {
            if (!ReferenceEquals(grid, _cachedGrid)) return (tf.Bake(), grid.TrackingMajorants(tf));
            if (!_cachedTransfers.TryGetValue(tf, out var entry))
            {
                if (_cachedTransfers.Count >= MaxCachedLooks) _cachedTransfers.Clear();
                entry = (tf.Bake(), grid.TrackingMajorants(tf));
                _cachedTransfers[tf] = entry;
            }
            return entry;
        }
    }

    /// <summary>The average of a texture (<see cref="TissueTexture.AverageMultiplier"/>), cached per texture.</summary>
    private Float3 TextureMean(TissueTexture texture)
    {
        lock (_cacheGate)
        {
            if (!_cachedTextureMeans.TryGetValue(texture, out var mean))
            {
                if (_cachedTextureMeans.Count >= MaxCachedLooks) _cachedTextureMeans.Clear();
                mean = texture.AverageMultiplier();
                _cachedTextureMeans[texture] = mean;
            }
            return mean;
        }
    }

    private CinematicResult Run<TView>(Store<TView> store, CtVolume volume, CameraView view,
        IReadOnlyList<CinematicPreset> presets, bool paths, IProgress<double>? progress, CancellationToken ct)
        where TView : struct, IElementView<float>
    {
        using var owned = store;
        var s = Settings;
        var (hu, grid) = Prepare(volume, ct);
        var pass = new ViewPass<TView>(this, store, view, grid, VolumeField<TView>.Create(volume, store.Resident(hu)));
        var launches = (s.SamplesPerPixel + s.SamplesPerLaunch - 1) / s.SamplesPerLaunch;
        var totalWork = 1.0 + presets.Count * launches;
        ct.ThrowIfCancellationRequested();
        var (depth, normals) = pass.Depth();
        progress?.Report(1.0 / totalWork);

        var images = new List<ImageF>(presets.Count);
        var hdrs = new List<ImageF>(presets.Count);
        var albedos = new List<ImageF>(presets.Count);
        if (!paths) return new CinematicResult(images, hdrs, depth, normals);
        var done = 1;
        FirstHitFeatures? geometry = null; // the denoiser's guides, shared by the view's looks
        for (var pi = 0; pi < presets.Count; pi++)
        {
            var preset = presets[pi];
            var (hdr, firstEvents) = pass.PathTrace(preset, pi, () => progress?.Report(++done / totalWork), ct);
            if (s.Denoiser is { } denoiser)
            {
                geometry ??= FirstHitFeatures.Compute(depth, normals, view);
                var guides = denoiser.FirstEventAlbedo
                    ? geometry.WithAlbedo(firstEvents)
                    : geometry.WithAlbedo(view, preset.Texture.Evaluate);
                hdr = AtrousDenoiser.Denoise(hdr, guides, denoiser);
            }
            hdrs.Add(hdr);
            albedos.Add(firstEvents.Mean());
            images.Add((s.Tone with { ExposureEv = s.Tone.ExposureEv + preset.ExposureEv }).Apply(hdr));
            _logger.LogDebug("Rendered preset {Preset} at {Spp} spp", preset.Name, s.SamplesPerPixel);
        }
        return new CinematicResult(images, hdrs, depth, normals) { Albedo = albedos };
    }

    /// <summary>
    /// The kernels of one view of one volume: the opacity-threshold depth pass with the reference ramp (shared by all
    /// looks) and a look's progressive path trace, each after its primary rays' start distances.
    /// </summary>
    private sealed class ViewPass<TView>(CinematicRenderer renderer, Store<TView> store, CameraView view,
        MajorantGrid grid, VolumeField<TView> field) where TView : struct, IElementView<float>
    {
        private readonly CameraModel _camera = view.Camera;
        private readonly int _pixels = view.Camera.Width * view.Camera.Height;

        /// <summary>Depth by ray termination with the reference ramp, and the gradient normals there.</summary>
        public (DepthMap Depth, ImageF Normals) Depth()
        {
            var s = renderer.Settings;
            var reference = MediumFor(TransferFunction.ReferenceOpacity);
            var body = new DepthBody<TView>
            {
                Params = new DepthParams
                {
                    Camera = _camera, Pose = view.Pose, Threshold = s.DepthThreshold,
                    StepMm = s.DepthStepVoxels * field.MinSpacing,
                },
                Reference = reference,
                Starts = StartsFor(reference),
                Depth = store.Upload(new float[_pixels], out var depthHandle),
                Normals = store.Upload(new float[3 * _pixels], out var normalHandle),
            };
            renderer._device.Launch(_pixels, body);
            return (new DepthMap(_camera.Width, _camera.Height, store.Download(depthHandle)),
                new ImageF(_camera.Width, _camera.Height, 3, store.Download(normalHandle)));
        }

        /// <summary>
        /// The mean linear radiance per pixel under look <paramref name="preset"/> (the <paramref name="index"/>-th of
        /// the render, which keys its path seed) and the paths' first-event albedo; <paramref name="launched"/> after
        /// each launch.
        /// </summary>
        public (ImageF Hdr, FirstEventAlbedo FirstEvents) PathTrace(CinematicPreset preset, int index, Action launched,
            CancellationToken ct)
        {
            var s = renderer.Settings;
            var medium = MediumFor(preset.Transfer);
            var body = new PathBody<TView>
            {
                Medium = medium,
                Starts = StartsFor(medium),
                Accum = store.Upload(new float[3 * _pixels], out var accumHandle),
                Albedo = store.Upload(new float[4 * _pixels], out var albedoHandle),
                Params = new PathParams
                {
                    Camera = _camera, Pose = view.Pose, Lights = LightsFor(preset.Transfer), Texture = preset.Texture,
                    PhaseG = preset.PhaseG,
                    TextureMean = s.FilterIndirectTexture
                        ? renderer.TextureMean(preset.Texture) : new Float3(1f, 1f, 1f),
                    TextureFootprintMm = s.FilterIndirectTexture ? preset.Texture.LargestFeatureMm : 0f,
                    PhaseSpread = MathF.Min(1f, MathF.Sqrt(2f * (1f - preset.PhaseG))),
                    SurfaceProbability = preset.SurfaceProbability, GradientScale = preset.GradientScaleHuPerMm,
                    SurfaceOffset = field.MinSpacing,
                    IndirectClamp = s.IndirectClamp * view.Rig.Lights.Sum(l => l.Intensity),
                    MaxBounces = s.MaxBounces, RouletteStart = s.RouletteStart,
                    Seed = (uint)Seed.Derive64(s.Seed, PathStream, index),
                },
            };
            // On the Parallel.For launcher, eight paths per instruction stream where the CPU has AVX2.
            var octets = typeof(TView) == typeof(HostView<float>) && renderer.UsePathOctets && PathOctet.IsSupported;
            for (var start = 0; start < s.SamplesPerPixel; start += s.SamplesPerLaunch)
            {
                ct.ThrowIfCancellationRequested();
                body.Params.SampleStart = start;
                body.Params.SampleCount = Math.Min(s.SamplesPerLaunch, s.SamplesPerPixel - start);
                if (octets) renderer._device.Launch(PathOctetBody.StripCount(_pixels), OctetBody(body));
                else renderer._device.Launch(_pixels, body);
                launched();
            }
            var sum = store.Download(accumHandle);
            var inv = 1f / s.SamplesPerPixel;
            for (var i = 0; i < sum.Length; i++) sum[i] *= inv;
            return (new ImageF(_camera.Width, _camera.Height, 3, sum),
                new FirstEventAlbedo(_camera.Width, _camera.Height, s.SamplesPerPixel, store.Download(albedoHandle)));
        }

        /// <summary>The eight-lane CPU body (<see cref="PathOctet"/>) of a host-storage path body.</summary>
        private static PathOctetBody OctetBody(PathBody<TView> body) => new()
        {
            Params = body.Params,
            Medium = Unsafe.As<Medium<TView>, Medium<HostView<float>>>(ref body.Medium),
            Starts = Unsafe.As<TView, HostView<float>>(ref body.Starts),
            Accum = Unsafe.As<TView, HostView<float>>(ref body.Accum),
            Albedo = Unsafe.As<TView, HostView<float>>(ref body.Albedo),
        };

        /// <summary>The view's lights, each with the radius around it free of <paramref name="tf"/>'s
        /// extinction.</summary>
        private LightSet LightsFor(TransferFunction tf)
        {
            var lights = LightSet.From(view);
            var majorants = renderer.Transfer(tf, grid).Majorants;
            var empty = new float[4];
            for (var li = 0; li < lights.Count; li++)
            {
                lights.Get(li, out var lp, out _, out _);
                empty[li] = EmptySpace.RadiusAround(majorants, grid, field, lp);
            }
            lights.Empty012 = new Float3(empty[0], empty[1], empty[2]);
            lights.Empty3 = empty[3];
            return lights;
        }

        /// <summary>The medium of <paramref name="tf"/>: its baked table and majorants, resident on the
        /// device.</summary>
        private Medium<TView> MediumFor(TransferFunction tf)
        {
            var (baked, majorants) = renderer.Transfer(tf, grid);
            return new Medium<TView>
            {
                Field = field,
                Transfer = new TransferTable<TView>(store.Resident(baked)),
                Majorant = store.Resident(majorants),
                CellSize = grid.CellSize, Cx = grid.Cx, Cy = grid.Cy, Cz = grid.Cz,
            };
        }

        /// <summary>Per tile of pixels, where primary rays first may meet a non-empty macro cell
        /// (<see cref="PrimaryStart"/>).</summary>
        private TView StartsFor(Medium<TView> medium)
        {
            var tiles = PrimaryStart.TileCount(_camera);
            var starts = store.Upload(new float[tiles], out _);
            renderer._device.Launch(tiles,
                new PrimaryStartBody<TView> { Camera = _camera, Pose = view.Pose, Medium = medium, Starts = starts });
            return starts;
        }
    }

    /// <summary>Where a render's arrays live: managed arrays (Parallel.For) or accelerator buffers (ILGPU).</summary>
    private abstract class Store<TView> : IDisposable where TView : struct, IElementView<float>
    {
        public abstract TView Upload(float[] data, out int handle);

        /// <summary>A view of <paramref name="data"/> that outlives this render (uploaded once per array).</summary>
        public abstract TView Resident(float[] data);
        public abstract float[] Download(int handle);
        public virtual void Dispose() => GC.SuppressFinalize(this);
    }

    private sealed class HostStore : Store<HostView<float>>
    {
        private readonly List<float[]> _arrays = [];

        public override HostView<float> Upload(float[] data, out int handle)
        {
            handle = _arrays.Count;
            _arrays.Add(data);
            return new HostView<float>(data);
        }

        public override float[] Download(int handle) => _arrays[handle];

        public override HostView<float> Resident(float[] data) => new(data);
    }

    private sealed class DeviceStore(Accelerator accelerator, ResidentArrays resident) : Store<DeviceView<float>>
    {
        private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _buffers = [];

        public override DeviceView<float> Upload(float[] data, out int handle)
        {
            var b = accelerator.Allocate1D(data);
            handle = _buffers.Count;
            _buffers.Add(b);
            return new DeviceView<float>(b.View);
        }

        public override float[] Download(int handle) => _buffers[handle].GetAsArray1D();

        public override DeviceView<float> Resident(float[] data) => resident.ViewOf(accelerator, data);

        public override void Dispose()
        {
            foreach (var b in _buffers) b.Dispose();
            _buffers.Clear();
            base.Dispose();
        }
    }
}
