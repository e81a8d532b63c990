using System.CommandLine;

namespace EndoDepth.Cli.Commands;

/// <summary>The `render (cinematic rendering issue)` commands.</summary>
internal static class RenderCommand
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [];
}
