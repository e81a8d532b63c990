using System.CommandLine;

namespace EndoDepth.Cli.Commands;

/// <summary>The `metrics (foundation issue)` commands.</summary>
internal static class MetricsCommand
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [];
}
