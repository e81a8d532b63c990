using System.CommandLine;
using EndoDepth.Crf;
using EndoDepth.Crf.Dense;

namespace EndoDepth.Cli.Commands;

/// <summary>`--model` (repeatable: several files form an ensemble) and `--mirrors` of predict and evaluate.</summary>
internal static class EstimatorOptions
{
    public static Option<string[]> Models(string what) => new("--model", "-m")
    {
        Description = what + " Repeat it to average several models (an ensemble; geometric mean).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> Mirrors() => new("--mirrors")
    {
        Description = "Also predict the mirrored image and average: none, horizontal, both (four views) or " +
            "dihedral (eight: the four mirrors of the image and of its transpose) (default: dihedral for the " +
            "shipped model and for ensembles, none for a single model file, whose published figures are one pass; " +
            "each view costs one more pass).",
    };

    /// <summary>
    /// The shipped ensemble when no file is named, else the files (one model, or an ensemble), with --mirrors (or
    /// its default) and --fill applied to every member.
    /// </summary>
    public static DepthEstimator Open(IReadOnlyList<string> files, string? mirrors, DenseFill? fill, string device)
    {
        var chosen = ParseMirrors(mirrors);
        var estimator = files.Count switch
        {
            0 => DepthEstimator.LoadDefault(device),
            1 => DepthEstimator.Load(Path.GetFullPath(files[0]), device),
            _ => DepthEstimator.LoadEnsemble(files.Select(Path.GetFullPath).ToArray(), device),
        };
        if (chosen is { } m) estimator.Mirrors = m;
        if (fill is { } f)
            foreach (var member in estimator.Members) member.UseDenseFill(member.Settings.Dense with { Fill = f });
        return estimator;
    }

    /// <summary>Parses --mirrors in any case; null when not given.</summary>
    public static TestTimeMirrors? ParseMirrors(string? value) =>
        value is null ? null
        : !int.TryParse(value, out _) && Enum.TryParse<TestTimeMirrors>(value, ignoreCase: true, out var m)
            ? m
            : throw new CommandLineException($"--mirrors {value}: expected none, horizontal, both or dihedral");
}
