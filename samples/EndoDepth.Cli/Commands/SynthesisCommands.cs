using System.CommandLine;

namespace EndoDepth.Cli.Commands;

/// <summary>The `synth, phantom (forward-model issue)` commands.</summary>
internal static class SynthesisCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create() => [];
}
