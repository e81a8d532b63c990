namespace EndoDepth.Cli.Experiments;

/// <summary>
/// The paper's parts from the EndoDepth libraries: ColonPhantom (surface + CT), SyntheticEndoscope, CinematicRenderer
/// with its four presets, and the CNN-CRF trainer. Null until all of them are in the build.
/// </summary>
public static class PaperParts
{
    /// <summary>The parts, or null when some are missing.</summary>
    public static ExperimentParts? TryCreate() => null;
}
