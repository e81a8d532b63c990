using EndoDepth.Experiments.Results;
using EndoDepth.IO;

namespace EndoDepth.Experiments.Report;

/// <summary>The report's line plots (ScottPlot 5): loss per epoch, and error vs pre-training set size.</summary>
internal static class TrainingPlots
{
    private const int Width = 900, Height = 420; // legend beside the data area, not over it

    /// <summary>Loss curves, one line per curve, written as PNG.</summary>
    public static void WriteLossCurves(string path, IReadOnlyList<LossCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = new ScottPlot.Plot();
        foreach (var c in curves.Where(c => c.Loss.Count > 0))
        {
            var xs = Enumerable.Range(1, c.Loss.Count).Select(i => (double)i).ToArray();
            var line = plot.Add.Scatter(xs, c.Loss.ToArray());
            line.LegendText = c.Name;
        }
        plot.Title("Training and fine-tuning loss");
        plot.XLabel("epoch");
        plot.YLabel("mean loss per image");
        plot.ShowLegend(ScottPlot.Edge.Right);
        Save(plot, path);
    }

    /// <summary>One panel per measure (rel, log10, rms) vs pre-training images; one line per series.</summary>
    public static void WriteErrorVsSize(string path, IReadOnlyList<SizePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = new ScottPlot.Plot();
        var measures = new (string Name, Func<MetricValues, double> Get)[] { ("rel", m => m.Rel),
            ("log10", m => m.Log10), ("rms / 10 mm", m => m.Rms / 10) };
        foreach (var series in points.GroupBy(p => p.Series).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = series.OrderBy(p => p.TrainingSize).ToList();
            foreach (var (name, get) in measures)
            {
                var line = plot.Add.Scatter(ordered.Select(p => (double)p.TrainingSize).ToArray(),
                    ordered.Select(p => get(p.Metrics)).ToArray());
                line.LegendText = $"{series.Key} {name}";
                line.LinePattern = series.Key.EndsWith("-FT", StringComparison.Ordinal)
                    ? ScottPlot.LinePattern.Solid
                    : ScottPlot.LinePattern.Dashed;
            }
        }
        plot.Title("Error on rendered test scenes vs pre-training set size");
        plot.XLabel("synthetic pre-training images");
        plot.YLabel("error");
        plot.ShowLegend(ScottPlot.Edge.Right);
        Save(plot, path);
    }

    private static void Save(ScottPlot.Plot plot, string path)
    {
        var bytes = plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
