using EndoDepth.Cli.Experiments.StandIn;

namespace EndoDepth.Cli.Experiments;

/// <summary>Chooses the implementations an experiment runs (`--backend`).</summary>
public static class PartsCatalog
{
    /// <summary>Backend names accepted by `--backend`.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "paper", "standin"];

    /// <summary>
    /// The parts for a backend name: "paper" = the library's phantom, synthetic endoscope, cinematic renderer and
    /// CNN-CRF; "standin" = <see cref="StandInParts"/> (everything stood in, seconds); "auto" = "paper" (the stand-in
    /// estimator only if the CNN-CRF were missing from the build).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, or "paper" while its parts are not available.</exception>
    public static ExperimentParts Resolve(string name, ExperimentScale scale) => name switch
    {
        "standin" => StandInParts.Create(),
        "auto" => PaperParts.CreateBest(scale),
        "paper" => PaperParts.TryCreate(scale) ?? throw new ArgumentException("The paper backend's CNN-CRF trainer is not available in this build; use --backend auto or standin."),
        _ => throw new ArgumentException($"Unknown backend '{name}' (expected {string.Join(", ", Names)})."),
    };
}
