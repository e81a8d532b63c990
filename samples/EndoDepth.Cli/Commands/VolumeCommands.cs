using System.CommandLine;

namespace EndoDepth.Cli.Commands;

/// <summary>The `volume info | volume export (CT volume input issue)` commands.</summary>
internal static class VolumeCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [];
}
