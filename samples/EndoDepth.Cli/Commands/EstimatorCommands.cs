using System.CommandLine;

namespace EndoDepth.Cli.Commands;

/// <summary>The `train, finetune, predict, evaluate (CNN-CRF issue)` commands.</summary>
internal static class EstimatorCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [];
}
