using EndoDepth.Cli.Experiments.StandIn;

namespace EndoDepth.Cli.Experiments;

/// <summary>Chooses the implementations an experiment runs (`--backend`).</summary>
public static class PartsCatalog
{
    /// <summary>Backend names accepted by `--backend`.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "paper", "standin"];

    /// <summary>
    /// The parts for a backend name: "paper" = the library's phantom, synthetic endoscope, cinematic renderer and
    /// CNN-CRF; "standin" = <see cref="StandInParts"/>; "auto" = "paper" where it is available, else the stand-ins.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, or "paper" while its parts are not available.</exception>
    public static ExperimentParts Resolve(string name) => name switch
    {
        "standin" => StandInParts.Create(),
        "auto" => PaperParts.TryCreate() ?? StandInParts.Create(),
        "paper" => PaperParts.TryCreate() ?? throw new ArgumentException("The paper backend's parts (phantom, synthetic endoscope, cinematic renderer, CNN-CRF) are not all available in this build."),
        _ => throw new ArgumentException($"Unknown backend '{name}' (expected {string.Join(", ", Names)})."),
    };
}
