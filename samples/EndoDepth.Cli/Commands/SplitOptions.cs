using System.CommandLine;
using EndoDepth.Datasets;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>
/// The scene-level split options of the commands that generate a dataset (`synth`, `render`): what fraction of the
/// phantoms or CT volumes the folder's splits.json holds out as its test split, and the seed of that choice.
/// </summary>
internal static class SplitOptions
{
    /// <summary>The default hold-out fraction.</summary>
    public const double DefaultTestFraction = 0.2;

    /// <summary>`--test-fraction F`, in [0, 1].</summary>
    public static Option<double> TestFraction(string unit)
    {
        var option = new Option<double>("--test-fraction")
        {
            Description = $"Fraction of the {unit} held out as the test split in splits.json (scene level: views of " +
                $"one of them never straddle train and test; with two or more, both splits get at least one). " +
                "`train` reads the train split, `evaluate` the test split.",
            DefaultValueFactory = _ => DefaultTestFraction,
        };
        option.Validators.Add(r =>
        {
            var f = r.GetValueOrDefault<double>();
            if (!(f is >= 0 and <= 1)) r.AddError($"--test-fraction {f}: must lie in [0, 1].");
        });
        return option;
    }

    /// <summary>`--split-seed N`.</summary>
    public static Option<int> SplitSeed() => new("--split-seed")
    {
        Description = "Seed of the split: which phantoms or volumes go to test depends only on it and their ids.",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>Prints what splits.json holds: items per split, and what to do when the test split is empty.</summary>
    public static void PrintSummary(DatasetFolder folder)
    {
        if (!File.Exists(folder.Resolve(DatasetFolder.SplitsFileName))) return;
        int train = folder.ReadSplit(SplitName.Train).Count, test = folder.ReadSplit(SplitName.Test).Count;
        AnsiConsole.MarkupLine(System.FormattableString.Invariant(
            $"splits.json: {train} items in train, {test} in test") + (test == 0
            ? " (one phantom or volume: more with --views-per-phantom or other volumes, or --test-fraction 1)"
            : ""));
    }
}
