using System.CommandLine;
using EndoDepth.Metrics;

namespace EndoDepth.Cli.Commands;

/// <summary>
/// What `metrics` and `evaluate` share: one --align vocabulary (none, median, lsq; case-insensitive) and one JSON schema
/// for a set of metrics (rel, log10, rms, sq_rel, rmse_log, d1, d2, d3, count — the schema of results.json too).
/// </summary>
internal static class MetricOptions
{
    /// <summary>--align none|median|lsq (also the enum names None, Median, LeastSquares), default none.</summary>
    public static Option<DepthAlignment> Align() => new("--align")
    {
        Description = "Per-image scale alignment before the metrics: none (the paper), median, or lsq (least squares).",
        DefaultValueFactory = _ => DepthAlignment.None,
        CustomParser = r => r.Tokens[0].Value.ToLowerInvariant() switch
        {
            "none" => DepthAlignment.None,
            "median" => DepthAlignment.Median,
            "lsq" or "leastsquares" => DepthAlignment.LeastSquares,
            var other => Fail(r, other),
        },
    };

    /// <summary>The name --align prints back.</summary>
    public static string Name(DepthAlignment a) => a switch
    {
        DepthAlignment.Median => "median",
        DepthAlignment.LeastSquares => "lsq",
        _ => "none",
    };

    /// <summary>A set's metrics as JSON fields (non-finite values as null).</summary>
    public static Dictionary<string, object?> Json(DepthMetrics m) => new()
    {
        ["rel"] = DepthCommands.JsonNumber(m.Rel), ["log10"] = DepthCommands.JsonNumber(m.Log10),
        ["rms"] = DepthCommands.JsonNumber(m.Rms), ["sq_rel"] = DepthCommands.JsonNumber(m.SqRel),
        ["rmse_log"] = DepthCommands.JsonNumber(m.RmseLog), ["d1"] = DepthCommands.JsonNumber(m.Delta1),
        ["d2"] = DepthCommands.JsonNumber(m.Delta2), ["d3"] = DepthCommands.JsonNumber(m.Delta3),
        ["count"] = m.Count,
    };

    private static DepthAlignment Fail(System.CommandLine.Parsing.ArgumentResult r, string value)
    {
        r.AddError($"--align {value}: expected none, median or lsq.");
        return DepthAlignment.None;
    }
}
