using System.Diagnostics;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;

namespace EndoDepth.GpuCheck;

/// <summary>Cinematic rendering of the phantom's CT on both launchers: the opacity-threshold depth kernel (exact, so
/// bit-equal), and Monte Carlo path tracing under one preset (the same seed; equal within the noise), timed.</summary>
internal static class CinematicCheck
{
    public static void Run(ComputeDevice device, ComputeDevice host, int size, int spp, CheckReport report)
    {
        var volume = ColonPhantom.Generate(null, 7).CreateCtVolume();
        var lumen = LumenCenterline.Trace(volume);
        var rng = SplitMix64.For(1, 0);
        var view = new CameraView(CameraModel.Fisheye(size, size, 140f),
            new EndoscopePoseSampler(lumen).Sample(ref rng));
        var settings = new CinematicSettings(SamplesPerPixel: spp);
        using var onDevice = new CinematicRenderer(settings, device);
        using var onHost = new CinematicRenderer(settings, host);

        var depthDevice = onDevice.RenderDepth(volume, view).Depth; // uploads the volume, builds the majorants
        var depthHost = onHost.RenderDepth(volume, view).Depth;
        report.AddDepth("cinematic depth (opacity threshold)", [(depthDevice, depthHost)]);
        var clock = Stopwatch.StartNew();
        onDevice.RenderDepth(volume, view);
        var depthDeviceMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        onHost.RenderDepth(volume, view);
        report.AddTiming($"cinematic depth, {size}²", depthDeviceMs, clock.Elapsed.TotalMilliseconds);

        CinematicPreset[] preset = [CinematicPresets.PinkMucosa];
        using (var warmUp = new CinematicRenderer(settings with { SamplesPerPixel = 1 }, device))
            warmUp.RenderDetailed(volume, view, preset); // compiles the path-tracing kernel outside the timing
        clock.Restart();
        var imageDevice = onDevice.RenderDetailed(volume, view, preset).Images[0];
        var pathDeviceMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var imageHost = onHost.RenderDetailed(volume, view, preset).Images[0];
        report.AddImage("cinematic path tracing (PinkMucosa)", [(imageDevice, imageHost)], tolerance: 0.02);
        report.AddTiming($"cinematic {size}² × {spp} spp with depth", pathDeviceMs, clock.Elapsed.TotalMilliseconds);
    }
}
