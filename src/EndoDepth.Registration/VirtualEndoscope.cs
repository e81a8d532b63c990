using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Compute;
using EndoDepth.Volumes;

namespace EndoDepth.Registration;

/// <summary>
/// A virtual endoscope for any CT volume: the cinematic renderer's opacity-threshold depth and normals
/// (<see cref="CinematicRenderer.RenderDepth"/>, paper §2.2: no Monte Carlo) and a fast shading pass on that
/// iso-surface with the forward model's lighting (paper §2.1.1): each of the tip's point lights contributes
/// I·cos θ / d² (inverse-square fall-off, Lambertian on the normal, the light's spot factor when it has one), plus
/// the rig's ambient term. Meant for the registration's inner loop: at 64² pixels a view costs a few milliseconds.
/// The volume is prepared (HU copy, majorant grid) on its first render and kept for the next ones.
/// </summary>
public sealed class VirtualEndoscope : IDisposable
{
    private readonly CinematicRenderer _renderer;
    private readonly ComputeDevice? _device;
    private readonly float _depthThreshold;
    private readonly float _depthStepVoxels;
    private CinematicRenderer? _fineRenderer;
    private (CinematicImageModel Model, CinematicRenderer Renderer)? _pathTracer;

    /// <summary>Creates a virtual endoscope of <paramref name="volume"/>.</summary>
    /// <param name="volume">The CT (HU): a scan, a reconstruction or the phantom's.</param>
    /// <param name="lights">The tip's lights; <see cref="LightRig.Default"/> when null.</param>
    /// <param name="depthThreshold">Accumulated opacity that terminates a ray (paper: 0.5).</param>
    /// <param name="device">The kernel launcher, borrowed; <see cref="ComputeDevice.Shared"/> when null.</param>
    /// <param name="depthStepVoxels">Depth march step in voxels (<see cref="CinematicSettings.DepthStepVoxels"/>).
    /// Default 0.25: the marched depth is piecewise in the pose at the scale of the step, and a finer step smooths the
    /// registration's objective (docs/registration.md).</param>
    /// <exception cref="ArgumentException">A threshold outside (0, 1) or a step outside (0, 2].</exception>
    public VirtualEndoscope(CtVolume volume, LightRig? lights = null, float depthThreshold = 0.5f,
        ComputeDevice? device = null, float depthStepVoxels = 0.25f)
    {
        Volume = volume ?? throw new ArgumentNullException(nameof(volume));
        Lights = lights ?? LightRig.Default;
        _device = device;
        _depthThreshold = depthThreshold;
        _depthStepVoxels = depthStepVoxels;
        _renderer = new CinematicRenderer(new CinematicSettings(DepthThreshold: depthThreshold,
            DepthStepVoxels: depthStepVoxels), device);
    }

    /// <summary>The volume it images.</summary>
    public CtVolume Volume { get; }

    /// <summary>The tip's lights.</summary>
    public LightRig Lights { get; }

    /// <summary>Renders depth, normals and shading of the view from <paramref name="pose"/> through
    /// <paramref name="camera"/>.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public VirtualView Render(CameraModel camera, RigidPose pose, CancellationToken cancellationToken = default)
    {
        var (depth, normals) = _renderer.RenderDepth(Volume, new CameraView(camera, pose, Lights), cancellationToken);
        return new VirtualView(depth, normals, Shade(camera, pose, depth, normals, Lights));
    }

    /// <summary>
    /// The view from <paramref name="pose"/> under the cinematic image model <paramref name="model"/>: the path-traced
    /// (and, when the model says so, denoised) linear luminance (Rec. 709) of the model's look as the shading, with the
    /// same opacity-threshold depth and normals as <see cref="Render"/>. The model's fixed seed makes it a
    /// deterministic function of the pose (common random numbers).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid model settings.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public VirtualView RenderCinematic(CameraModel camera, RigidPose pose, CinematicImageModel model,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        if (_pathTracer is not { } tracer || tracer.Model != model)
        {
            var renderer = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: model.SamplesPerPixel,
                MaxBounces: model.MaxBounces, Seed: model.Seed, DepthThreshold: _depthThreshold,
                DepthStepVoxels: _depthStepVoxels) { Denoiser = model.Denoise ? new DenoiserSettings() : null },
                _device);
            _pathTracer?.Renderer.Dispose();
            _pathTracer = tracer = (model, renderer);
        }
        var r = tracer.Renderer.RenderDetailed(Volume, new CameraView(camera, pose, Lights), [model.EffectiveLook],
            null, cancellationToken);
        var hdr = r.Hdr[0];
        var w = camera.Width;
        var luminance = new ImageF(w, camera.Height);
        for (var i = 0; i < w * camera.Height; i++)
        {
            int x = i % w, y = i / w;
            luminance.Data[i] = r.Depth.Millimetres[i] > 0
                ? 0.2126f * hdr[x, y, 0] + 0.7152f * hdr[x, y, 1] + 0.0722f * hdr[x, y, 2] : 0f;
        }
        return new VirtualView(r.Depth, r.Normals, luminance);
    }

    /// <summary>
    /// Only the depth of the view from <paramref name="pose"/>, marched at <paramref name="stepVoxels"/> (e.g. the fine
    /// step of the depth a registered frame is given, <see cref="RegistrationSettings.OutputDepthStepVoxels"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A step outside (0, 2].</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public DepthMap RenderDepth(CameraModel camera, RigidPose pose, float stepVoxels,
        CancellationToken cancellationToken = default)
    {
        if (_fineRenderer is null || _fineRenderer.Settings.DepthStepVoxels != stepVoxels)
        {
            var renderer = new CinematicRenderer(new CinematicSettings(DepthThreshold: _depthThreshold,
                DepthStepVoxels: stepVoxels), _device);
            _fineRenderer?.Dispose();
            _fineRenderer = renderer;
        }
        return _fineRenderer.RenderDepth(Volume, new CameraView(camera, pose, Lights), cancellationToken).Depth;
    }

    /// <summary>The Hounsfield value at a world point (trilinear; the nearest edge voxel outside the grid).</summary>
    public float HuAt(Float3 world)
    {
        var v = Volume.WorldToVoxel(world);
        float Clamp(float x, int n) => Math.Clamp(x, 0f, n - 1);
        float x = Clamp(v.X, Volume.Nx), y = Clamp(v.Y, Volume.Ny), z = Clamp(v.Z, Volume.Nz);
        int x0 = Math.Min((int)x, Volume.Nx - 1), y0 = Math.Min((int)y, Volume.Ny - 1),
            z0 = Math.Min((int)z, Volume.Nz - 1);
        int x1 = Math.Min(x0 + 1, Volume.Nx - 1), y1 = Math.Min(y0 + 1, Volume.Ny - 1),
            z1 = Math.Min(z0 + 1, Volume.Nz - 1);
        float fx = x - x0, fy = y - y0, fz = z - z0;
        float L(float a, float b, float t) => a + (b - a) * t;
        return L(L(L(Volume[x0, y0, z0], Volume[x1, y0, z0], fx), L(Volume[x0, y1, z0], Volume[x1, y1, z0], fx), fy),
            L(L(Volume[x0, y0, z1], Volume[x1, y0, z1], fx), L(Volume[x0, y1, z1], Volume[x1, y1, z1], fx), fy), fz);
    }

    /// <summary>Frees the renderer's device copies of the volume (the device belongs to its creator).</summary>
    public void Dispose()
    {
        _renderer.Dispose();
        _fineRenderer?.Dispose();
        _pathTracer?.Renderer.Dispose();
    }

    /// <summary>Σⱼ Iⱼ·cos θⱼ·spotⱼ / dⱼ² + ambient at each valid pixel, in the camera frame (forward
    /// model, §2.1.1).</summary>
    internal static ImageF Shade(CameraModel camera, RigidPose pose, DepthMap depth, ImageF normals, LightRig rig)
    {
        var w = camera.Width;
        var n = w * camera.Height;
        var image = new ImageF(w, camera.Height);
        var lights = rig.Lights;
        for (var i = 0; i < n; i++)
        {
            var z = depth.Millimetres[i];
            if (!(z > 0f)) continue;
            var p = camera.UnprojectZDepth(i % w + 0.5f, i / w + 0.5f, z);
            var nw = new Float3(normals.Data[i], normals.Data[n + i], normals.Data[2 * n + i]);
            var nc = new Float3(Float3.Dot(pose.Right, nw), Float3.Dot(pose.Down, nw), Float3.Dot(pose.Forward, nw));
            var radiance = rig.Ambient;
            foreach (var light in lights)
            {
                var l = light.Offset - p;
                var d2 = l.LengthSquared;
                if (!(d2 > 1e-12f)) continue;
                var inv = 1f / MathF.Sqrt(d2);
                var cos = Float3.Dot(nc, l) * inv;
                if (cos <= 0f) continue;
                var spot = 1f;
                if (light.SpotExponent != 0f) spot = MathF.Pow(MathF.Max(0f, -l.Z * inv), light.SpotExponent);
                radiance += light.Intensity * cos * spot / d2;
            }
            image.Data[i] = radiance;
        }
        return image;
    }
}
