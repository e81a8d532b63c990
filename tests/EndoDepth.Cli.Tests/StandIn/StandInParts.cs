using System.Collections.Concurrent;
using EndoDepth.Experiments;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Cli.Tests.StandIn;

/// <summary>
/// Fast stand-ins for every part of an experiment (seeded tube phantom and its CT, sphere-tracing endoscope, threshold
/// volume renderer with four textured looks, shading regressor): the whole protocol in seconds, for the tests (an
/// <see cref="ExperimentRunner"/> built on them in process). Its numbers say nothing about the paper's claims.
/// </summary>
public static class StandInParts
{
    /// <summary>The stand-in parts.</summary>
    public static ExperimentParts Create()
    {
        var tubes = new ConcurrentDictionary<int, StandInTube>();
        StandInTube Tube(int seed) => tubes.GetOrAdd(seed, s => new StandInTube(s));
        var renderer = new StandInVolumeRenderer();
        return new ExperimentParts(
            "stand-ins (tube phantom, sphere-traced endoscope, threshold volume renderer, shading regressor) " +
            "— not the paper's models",
            SurfaceImaging.Create(seed => Tube(seed), new StandInEndoscope()),
            seed => Tube(seed).ToCtVolume(),
            (seed, count, camera, viewSeed) => Tube(seed).Views(count, camera, viewSeed),
            VolumeLooks.Create(renderer, StandInPreset.Four),
            (count, seed) => VolumeLooks.Create(renderer, StandInPreset.Random(count, seed)),
            new StandInTrainer());
    }
}
