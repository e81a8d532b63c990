using System.CommandLine;

namespace EndoDepth.Cli.Commands;

/// <summary>The `depth stats | depth preview (foundation issue)` commands.</summary>
internal static class DepthCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [];
}
