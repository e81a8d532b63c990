using System.CommandLine;

namespace EndoDepth.Cli.Commands;

/// <summary>The `demo, experiment, import (experiments issue)` commands.</summary>
internal static class ExperimentCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [];
}
