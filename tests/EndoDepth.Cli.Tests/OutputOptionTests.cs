using System.CommandLine;
using System.Reflection;

namespace EndoDepth.Cli.Tests;

/// <summary>One vocabulary on every command: wherever a command writes a file or folder, `-o` means `--out`.</summary>
public sealed class OutputOptionTests
{
    /// <summary>Every command of the CLI: the Create() of each class in EndoDepth.Cli.Commands, and their subcommands.
    /// </summary>
    private static IEnumerable<Command> AllCommands()
    {
        var roots = typeof(CommandLineException).Assembly.GetTypes()
            .Where(t => t.Namespace == "EndoDepth.Cli.Commands")
            .Select(t => t.GetMethod("Create", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static,
                Type.EmptyTypes))
            .Where(m => m is not null && m.ReturnType == typeof(IEnumerable<Command>))
            .SelectMany(m => (IEnumerable<Command>)m!.Invoke(null, null)!);
        static IEnumerable<Command> Walk(Command c) => c.Subcommands.SelectMany(Walk).Prepend(c);
        return roots.SelectMany(Walk);
    }

    [Fact]
    public void Every_out_option_of_every_command_has_the_alias_dash_o()
    {
        var commands = AllCommands().ToList();
        Assert.True(commands.Count > 20, $"found only {commands.Count} commands");
        var outs = commands.SelectMany(c => c.Options.Where(o => o.Name == "--out").Select(o => (Command: c, o)))
            .ToList();
        // phantom, synth, render, demo, import simcol3d|c3vd, volume export, train, finetune, predict, depth preview, …
        string[] writers = ["phantom", "synth", "render", "demo", "simcol3d", "c3vd", "export", "train", "finetune", "predict",
            "preview", "experiment", "register"];
        foreach (var name in writers)
            Assert.True(outs.Any(x => x.Command.Name == name), $"`{name}` has no --out option");
        Assert.All(outs, x => Assert.True(x.o.Aliases.Contains("-o"), $"`{x.Command.Name} --out` lacks -o"));
    }
}
