using System.CommandLine;
using EndoDepth.Datasets;

namespace EndoDepth.Cli.Commands;

/// <summary>The `dataset verify` command: checks a dataset folder's files against their item records.</summary>
internal static class DatasetCommands
{
    /// <summary>Exit code when items are damaged.</summary>
    private const int Damaged = 1;

    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create()
    {
        var dataset = new Command("dataset", "Inspect dataset folders written by synth, render and import.");
        dataset.Subcommands.Add(Verify());
        return [dataset];
    }

    private static Command Verify()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Dataset folder." };
        var cmd = new Command("verify", "Check every item's files against the size and SHA-256 in its record; list " +
            "the damaged items (a rerun of the command that wrote the folder re-makes them). Exit 1 when any is " +
            "damaged.") { folder };
        cmd.SetAction((r, ct) =>
        {
            var result = new DatasetFolder(r.GetRequiredValue(folder).FullName).Verify(cancellationToken: ct);
            foreach (var d in result.Damaged) Console.Out.WriteLine($"{d.Id}: {d.Problem}");
            Console.Out.WriteLine($"{result.Checked} items checked, {result.Damaged.Count} damaged");
            return Task.FromResult(result.IsIntact ? 0 : Damaged);
        });
        return cmd;
    }
}
