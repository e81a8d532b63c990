using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EndoDepth.IO;
using EndoDepth.Metrics;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `metrics` command: the paper's error measures of predicted against true depth maps.</summary>
internal static class MetricsCommand
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create()
    {
        var pred = new Option<DirectoryInfo>("--pred") { Description = "Folder of predicted depth maps (.npy " +
            "or 16-bit .png).", Required = true };
        var gt = new Option<DirectoryInfo>("--gt") { Description = "Folder of ground-truth depth maps, paired with " +
            "the predictions by file name.", Required = true };
        var align = MetricOptions.Align();
        var aggregate = new Option<string>("--aggregate") { Description = "pixels: over all valid pixels of the set " +
            "(the paper's N); images: mean of per-image values.", DefaultValueFactory = _ => "pixels" };
        aggregate.AcceptOnlyFromAmong("pixels", "images");
        var min = new Option<double?>("--min-depth") { Description = "Evaluate ground truth from this depth (mm) and " +
            "clamp predictions to the range; needs --max-depth." };
        var max = new Option<double?>("--max-depth") { Description = "Evaluate ground truth up to this depth (mm) " +
            "and clamp predictions to the range; needs --min-depth." };
        var perImage = new Option<bool>("--per-image") { Description = "Also list each image's metrics " +
            "(by file name)." };
        var json = new Option<bool>("--json") { Description = "Print JSON (keys rel, log10, rms, sq_rel, rmse_log, " +
            "d1, d2, d3, count) instead of a table." };
        var cmd = new Command("metrics", "Depth metrics of predictions against ground truth: rel, log10, rms " +
            "(the paper's), sq_rel, rmse_log and δ < 1.25ᵏ.")
        {
            pred, gt, align, aggregate, min, max, perImage, json,
        };
        cmd.SetAction((r, ct) =>
        {
            var options = new MetricsOptions
            {
                Alignment = r.GetValue(align),
            };
            var (lo, hi) = (r.GetValue(min), r.GetValue(max));
            if (lo.HasValue != hi.HasValue) throw new CommandLineException("--min-depth and --max-depth go together.");
            if (lo is { } l && hi is { } h) options = options.WithRange(l, h);
            var aggregation = r.GetValue(aggregate) == "images"
                ? MetricsAggregation.MeanOfImages
                : MetricsAggregation.AllPixels;

            var pairs = FolderEvaluation.Pair(r.GetRequiredValue(pred).FullName, r.GetRequiredValue(gt).FullName);
            var acc = FolderEvaluation.Evaluate(pairs, options, cancellationToken: ct);
            var shown = new Shown(MetricOptions.Name(r.GetValue(align)), r.GetValue(aggregate)!, r.GetValue(perImage));
            if (r.GetValue(json)) PrintJson(pairs, acc, acc.Result(aggregation), shown);
            else PrintTable(pairs, acc, acc.Result(aggregation), shown);
            return Task.FromResult(0);
        });
        return [cmd];
    }

    /// <summary>The choices echoed in the output: alignment, aggregation, and whether each image is listed.</summary>
    private sealed record Shown(string Align, string Aggregate, bool PerImage);

    /// <summary>The set's metrics (and each image's, when asked) as one JSON object.</summary>
    private static void PrintJson(IReadOnlyList<DepthFilePair> pairs, MetricsAccumulator acc, DepthMetrics m,
        Shown shown)
    {
        var doc = MetricOptions.Json(m);
        doc["images"] = acc.ImageCount;
        doc["missing"] = m.MissingPredictions;
        doc["align"] = shown.Align;
        doc["aggregate"] = shown.Aggregate;
        doc["per_image"] = shown.PerImage ? pairs.Select((p, i) => Row(p.Name, acc.PerImage[i])).ToList() : null;
        Console.Out.WriteLine(JsonSerializer.Serialize(doc));
    }

    /// <summary>The set's metrics (after each image's, when asked) as a console table.</summary>
    private static void PrintTable(IReadOnlyList<DepthFilePair> pairs, MetricsAccumulator acc, DepthMetrics m,
        Shown shown)
    {
        var t = new Table().Border(TableBorder.Simple);
        if (shown.PerImage) t.AddColumn("image");
        t.AddColumns("rel", "log10", "rms", "sq_rel", "rmse_log", "δ1", "δ2", "δ3", "N");
        foreach (var c in t.Columns) c.Padding = new Padding(0, 0, 2, 0);
        if (shown.PerImage)
        {
            for (var i = 0; i < pairs.Count; i++)
            {
                var q = acc.PerImage[i];
                t.AddRow(Markup.Escape(pairs[i].Name), F(q.Rel), F(q.Log10), F(q.Rms), F(q.SqRel), F(q.RmseLog),
                    F(q.Delta1), F(q.Delta2), F(q.Delta3), q.Count.ToString(CultureInfo.InvariantCulture));
            }
        }
        string[] total = [F(m.Rel), F(m.Log10), F(m.Rms), F(m.SqRel), F(m.RmseLog), F(m.Delta1), F(m.Delta2),
            F(m.Delta3), m.Count.ToString(CultureInfo.InvariantCulture)];
        t.AddRow(shown.PerImage ? ["(set)", .. total] : total);
        var missing = m.MissingPredictions > 0 ? $", {m.MissingPredictions} pixels without prediction skipped" : "";
        t.Caption($"rms, sq_rel in mm; δk: ratio < 1.25^k; {acc.ImageCount} images, align {shown.Align}, " +
            $"aggregate over {shown.Aggregate}" + missing);
        AnsiConsole.Write(t);
    }

    private static Dictionary<string, object?> Row(string name, DepthMetrics m)
    {
        var row = MetricOptions.Json(m);
        row["name"] = name;
        row["scale"] = m.Scale;
        return row;
    }

    private static string F(double v) =>
        double.IsNaN(v) ? "–" : v.ToString(Math.Abs(v) >= 100 ? "F1" : "F3", CultureInfo.InvariantCulture);
}
