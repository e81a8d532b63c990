using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EndoDepth.IO;
using EndoDepth.Metrics;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `metrics` command (foundation issue).</summary>
internal static class MetricsCommand
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create()
    {
        var pred = new Option<DirectoryInfo>("--pred") { Description = "Folder of predicted depth maps (.npy or 16-bit .png).", Required = true };
        var gt = new Option<DirectoryInfo>("--gt") { Description = "Folder of ground-truth depth maps, paired with the predictions by file name.", Required = true };
        var align = new Option<string>("--align") { Description = "Per-image scale alignment: none (the paper), median, or lsq (least squares).", DefaultValueFactory = _ => "none" };
        align.AcceptOnlyFromAmong("none", "median", "lsq");
        var aggregate = new Option<string>("--aggregate") { Description = "pixels: over all valid pixels of the set (the paper's N); images: mean of per-image values.", DefaultValueFactory = _ => "pixels" };
        aggregate.AcceptOnlyFromAmong("pixels", "images");
        var min = new Option<double?>("--min-depth") { Description = "Evaluate ground truth from this depth (mm) and clamp predictions to the range; needs --max-depth." };
        var max = new Option<double?>("--max-depth") { Description = "Evaluate ground truth up to this depth (mm) and clamp predictions to the range; needs --min-depth." };
        var json = new Option<bool>("--json") { Description = "Print JSON (keys rel, log10, rms, sq_rel, rmse_log, d1, d2, d3, count) instead of a table." };
        var cmd = new Command("metrics", "Depth metrics of predictions against ground truth: rel, log10, rms (the paper's), sq_rel, rmse_log and δ < 1.25ᵏ.")
        {
            pred, gt, align, aggregate, min, max, json,
        };
        cmd.SetAction(r =>
        {
            var options = new MetricsOptions
            {
                Alignment = r.GetValue(align) switch { "median" => DepthAlignment.Median, "lsq" => DepthAlignment.LeastSquares, _ => DepthAlignment.None },
            };
            var (lo, hi) = (r.GetValue(min), r.GetValue(max));
            if (lo.HasValue != hi.HasValue) throw new CommandLineException("--min-depth and --max-depth go together.");
            if (lo is { } l && hi is { } h) options = options.WithRange(l, h);
            var aggregation = r.GetValue(aggregate) == "images" ? MetricsAggregation.MeanOfImages : MetricsAggregation.AllPixels;

            var pairs = Pair(r.GetRequiredValue(pred), r.GetRequiredValue(gt));
            var acc = new MetricsAccumulator(options);
            foreach (var (p, g) in pairs)
            {
                var pd = DepthFile.Read(p);
                var gd = DepthFile.Read(g);
                if (pd.Width != gd.Width || pd.Height != gd.Height)
                    throw new CommandLineException($"{p}: prediction is {pd.Width}×{pd.Height}, ground truth {g} is {gd.Width}×{gd.Height}");
                acc.Add(pd, gd);
            }
            var m = acc.Result(aggregation);
            if (r.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["rel"] = DepthCommands.JsonNumber(m.Rel), ["log10"] = DepthCommands.JsonNumber(m.Log10),
                    ["rms"] = DepthCommands.JsonNumber(m.Rms), ["sq_rel"] = DepthCommands.JsonNumber(m.SqRel),
                    ["rmse_log"] = DepthCommands.JsonNumber(m.RmseLog), ["d1"] = DepthCommands.JsonNumber(m.Delta1),
                    ["d2"] = DepthCommands.JsonNumber(m.Delta2), ["d3"] = DepthCommands.JsonNumber(m.Delta3),
                    ["count"] = m.Count, ["images"] = acc.ImageCount, ["missing"] = m.MissingPredictions,
                    ["align"] = r.GetValue(align), ["aggregate"] = r.GetValue(aggregate),
                }));
                return 0;
            }
            var t = new Table().AddColumns("rel", "log10", "rms mm", "sq_rel", "rmse_log", "δ1", "δ2", "δ3", "N");
            t.AddRow(F(m.Rel), F(m.Log10), F(m.Rms), F(m.SqRel), F(m.RmseLog), F(m.Delta1), F(m.Delta2), F(m.Delta3), m.Count.ToString(CultureInfo.InvariantCulture));
            t.Caption($"δk: ratio < 1.25^k; {acc.ImageCount} images, align {r.GetValue(align)}, aggregate over {r.GetValue(aggregate)}" + (m.MissingPredictions > 0 ? $", {m.MissingPredictions} pixels without prediction skipped" : ""));
            AnsiConsole.Write(t);
            return 0;
        });
        return [cmd];
    }

    private static string F(double v) => double.IsNaN(v) ? "–" : v.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Pairs prediction and ground-truth files by name (without extension); both sets must match exactly.</summary>
    private static List<(string Pred, string Gt)> Pair(DirectoryInfo pred, DirectoryInfo gt)
    {
        static Dictionary<string, string> Stems(DirectoryInfo d)
        {
            if (!d.Exists) throw new DirectoryNotFoundException($"{d.FullName}: no such folder");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var f in d.EnumerateFiles().Where(f => DepthFile.IsDepthFile(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal))
                if (!map.TryAdd(Path.GetFileNameWithoutExtension(f.Name), f.FullName))
                    throw new CommandLineException($"{d.FullName}: two depth files named '{Path.GetFileNameWithoutExtension(f.Name)}'");
            return map;
        }
        var p = Stems(pred);
        var g = Stems(gt);
        if (p.Count == 0) throw new CommandLineException($"{pred.FullName}: no .npy or .png depth maps");
        var noGt = p.Keys.Where(k => !g.ContainsKey(k)).ToList();
        var noPred = g.Keys.Where(k => !p.ContainsKey(k)).ToList();
        if (noGt.Count > 0 || noPred.Count > 0)
            throw new CommandLineException($"files do not pair by name: {noGt.Count} predictions without ground truth{(noGt.Count > 0 ? $" (e.g. '{noGt[0]}')" : "")}, {noPred.Count} ground truths without prediction{(noPred.Count > 0 ? $" (e.g. '{noPred[0]}')" : "")}");
        return p.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Value, g[kv.Key])).ToList();
    }
}
