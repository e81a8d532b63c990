using System.Diagnostics;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.GpuCheck;

/// <summary>The synthetic forward model (cone pre-pass + sphere-traced shading) on both launchers: the same phantom,
/// poses and noise seeds; then frames per second, one frame at a time.</summary>
internal static class ForwardModelCheck
{
    private const int Views = 8;

    public static void Run(ComputeDevice device, ComputeDevice host, int size, CheckReport report)
    {
        var phantom = ColonPhantom.Generate(null, 1);
        var sampler = new EndoscopePoseSampler(phantom);
        var rng = new SplitMix64(7);
        var camera = CameraModel.Fisheye(size, size, 140f);
        var views = Enumerable.Range(0, Views).Select(_ => new CameraView(camera, sampler.Sample(ref rng))).ToArray();
        using var onDevice = new SyntheticEndoscope(device: device);
        using var onHost = new SyntheticEndoscope(device: host);
        onDevice.Render(phantom, views[0], 0); // compiles the kernels outside the timing
        onHost.Render(phantom, views[0], 0);

        var clock = Stopwatch.StartNew();
        var a = views.Select((v, i) => onDevice.Render(phantom, v, (ulong)i)).ToArray();
        var deviceMs = clock.Elapsed.TotalMilliseconds / Views;
        clock.Restart();
        var b = views.Select((v, i) => onHost.Render(phantom, v, (ulong)i)).ToArray();
        var hostMs = clock.Elapsed.TotalMilliseconds / Views;

        report.AddDepth($"forward model, {Views} views", a.Zip(b, (x, y) => (x.Depth, y.Depth)));
        report.AddImage($"forward model, {Views} views", [.. a.Zip(b, (x, y) => (x.Image, y.Image))], tolerance: 1e-3);
        report.AddTiming($"forward model, one {size}² frame ({1000 / deviceMs:F0} frames/s on the device)", deviceMs,
            hostMs);
    }
}
