using System.Globalization;
using System.Net;
using System.Text;
using EndoDepth.Experiments.Results;
using EndoDepth.IO;

namespace EndoDepth.Experiments.Report;

/// <summary>
/// Writes <c>report.md</c> and <c>report.html</c> from <see cref="ExperimentResults"/>: the paper's Tables 1–3 with
/// our numbers and the paper's beside them, the image figures, and the loss and error-vs-size plots (drawn here, into
/// <c>figures/</c>).
/// </summary>
public static class ReportWriter
{
    /// <summary>Markdown report file name.</summary>
    public const string MarkdownFileName = "report.md";
    /// <summary>HTML report file name.</summary>
    public const string HtmlFileName = "report.html";
    /// <summary>Figures folder.</summary>
    public const string FiguresFolder = "figures";

    /// <summary>
    /// Draws the plots and writes both reports into <paramref name="outputRoot"/>. Returns the figures of the report.
    /// </summary>
    public static IReadOnlyList<FigureRef> Write(string outputRoot, ExperimentResults results)
    {
        ArgumentNullException.ThrowIfNull(outputRoot);
        ArgumentNullException.ThrowIfNull(results);
        var figures = new List<FigureRef>(results.Figures);
        if (results.LossCurves.Any(c => c.Loss.Count > 0))
        {
            var f = $"{FiguresFolder}/loss_curves.png";
            TrainingPlots.WriteLossCurves(Path.Combine(outputRoot, f), results.LossCurves);
            figures.Add(new FigureRef(f, "Mean training loss per epoch of pre-training and fine-tuning."));
        }
        if (results.SizeCurve.Count > 0)
        {
            var f = $"{FiguresFolder}/error_vs_training_size.png";
            TrainingPlots.WriteErrorVsSize(Path.Combine(outputRoot, f), results.SizeCurve);
            figures.Add(new FigureRef(f,
                "Errors on the rendered test scenes against the size of the synthetic pre-training set, " +
                "without (dashed) and with (solid) fine-tuning (claim b)."));
        }
        AtomicFile.WriteAllText(Path.Combine(outputRoot, MarkdownFileName), Markdown(results, figures));
        AtomicFile.WriteAllText(Path.Combine(outputRoot, HtmlFileName), Html(results, figures));
        return figures;
    }

    /// <summary>The one-screen summary: every table row, ours and the paper's.</summary>
    public static string SummaryText(ExperimentResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var sb = new StringBuilder();
        foreach (var t in results.Tables)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{t.Title} — {t.TestSet}");
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  {"method",-34} {"train",8} {"ft",6} {"rel",7} {"log10",7} {"rms mm",8} {"δ1",6} {"med rel",7} | " +
                $"paper rel log10 rms");
            foreach (var r in t.Rows)
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"  {r.Method,-34} {r.Training,8} {r.FineTuning,6} {F(r.Ours.Rel),7} {F(r.Ours.Log10),7} " +
                    $"{F(r.Ours.Rms, 2),8} {F(r.Ours.Delta1),6} {F(r.Median?.Rel),7} | " +
                    $"{(r.Paper is { } p ? $"{F(p.Rel)} {F(p.Log10)} {F(p.Rms)}" : "—")}");
        }
        return sb.ToString();
    }

    private static string Markdown(ExperimentResults r, IReadOnlyList<FigureRef> figures)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# EndoDepth experiment report").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Scale **{r.Scale}**, seed **{r.Seed}**; implementations: {r.Backend}.").AppendLine();
        sb.AppendLine("Reproduces the protocol of Mahmood et al., *Deep Learning with Cinematic Rendering*: " +
                      "(a) fine-tuning a synthetic-trained CNN-CRF on cinematic renders generalises better " +
                      "(Tables 1–2), (b) it needs less pre-training data (Tables 1–2, error-vs-size plot), " +
                      "(c) four renderings per scene beat one (Table 3). Errors are pooled over all valid pixels " +
                      "of a test set (the paper's N); rms is in mm. rel, log10, rms and δ1 are unaligned " +
                      "(the paper's evaluation); \"rel (median)\" is rel after scaling each prediction by " +
                      "median(gt)/median(pred). The baselines and the superpixel oracle (a ceiling) are defined in " +
                      "BASELINES.md. The paper's columns are its published numbers (rms unit not stated there; " +
                      "δ1 not reported), for reference only: our data, sizes and epochs differ.")
            .AppendLine();
        foreach (var t in r.Tables)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"## {t.Title}").AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Test set: {t.TestSet}.").AppendLine();
            sb.AppendLine("| Method | Training | Fine-tuning | rel ↓ | log10 ↓ | rms (mm) ↓ | δ1 ↑ | rel " +
                "(median) ↓ | paper: training | fine-tuning | rel | log10 | rms |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in t.Rows)
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Method} | {row.Training} | {row.FineTuning} | {F(row.Ours.Rel)} | {F(row.Ours.Log10)} | " +
                    $"{F(row.Ours.Rms, 2)} | {F(row.Ours.Delta1)} | {F(row.Median?.Rel)} | " +
                    $"{row.PaperTraining ?? "—"} | {row.PaperFineTuning ?? "—"} | {F(row.Paper?.Rel)} | " +
                    $"{F(row.Paper?.Log10)} | {F(row.Paper?.Rms)} |");
            sb.AppendLine();
        }
        sb.AppendLine("## Figures").AppendLine();
        foreach (var f in figures) sb.AppendLine(CultureInfo.InvariantCulture, $"![{f.Caption}]({f.File})").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"*{f.Caption}*").AppendLine();
        if (r.Settings.Count > 0)
        {
            sb.AppendLine("## Settings as run").AppendLine().AppendLine("| setting | value |").AppendLine("|---|---|");
            foreach (var (k, v) in r.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {v} |");
            sb.AppendLine();
        }
        if (r.Notes.Count > 0)
        {
            sb.AppendLine("## Notes").AppendLine();
            foreach (var n in r.Notes) sb.AppendLine(CultureInfo.InvariantCulture, $"- {n}");
        }
        return sb.ToString();
    }

    private static string Html(ExperimentResults r, IReadOnlyList<FigureRef> figures)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>EndoDepth " +
            "experiment report</title>");
        sb.AppendLine("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}" +
                      "table{border-collapse:collapse;margin:1em 0}" +
                      "td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}" +
                      "td:first-child,th:first-child{text-align:left}" +
                      ".paper{color:#666;background:#f4f4f4}figure{margin:1.5em 0}img{max-width:100%}" +
                      "</style></head><body>");
        sb.AppendLine("<h1>EndoDepth experiment report</h1>");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"<p>Scale <b>{E(r.Scale)}</b>, seed <b>{r.Seed}</b>; implementations: {E(r.Backend)}.</p>");
        sb.AppendLine("<p>Errors pooled over all valid pixels of a test set; rms in mm. rel, log10, rms and δ1 " +
            "unaligned (the paper's evaluation); rel (median): after scaling each prediction by " +
            "median(gt)/median(pred). Baselines and the superpixel oracle (a ceiling) as in BASELINES.md. " +
            "Grey columns: the paper's published numbers (for reference; its data, sizes and epochs differ; " +
            "δ1 not reported).</p>");
        foreach (var t in r.Tables)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"<h2>{E(t.Title)}</h2><p>Test set: {E(t.TestSet)}.</p><table>");
            sb.AppendLine("<tr><th>Method</th><th>Training</th><th>Fine-tuning</th><th>rel ↓</th><th>log10 ↓</th>" +
                          "<th>rms (mm) ↓</th><th>δ1 ↑</th><th>rel (median) ↓</th>" +
                          "<th class=\"paper\">paper training</th><th class=\"paper\">fine-tuning</th>" +
                          "<th class=\"paper\">rel</th><th class=\"paper\">log10</th>" +
                          "<th class=\"paper\">rms</th></tr>");
            foreach (var row in t.Rows)
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(row.Method)}</td><td>{E(row.Training)}</td><td>{E(row.FineTuning)}</td>" +
                    $"<td>{F(row.Ours.Rel)}</td><td>{F(row.Ours.Log10)}</td><td>{F(row.Ours.Rms, 2)}</td>" +
                    $"<td>{F(row.Ours.Delta1)}</td><td>{F(row.Median?.Rel)}</td>" +
                    $"<td class=\"paper\">{E(row.PaperTraining ?? "—")}</td>" +
                    $"<td class=\"paper\">{E(row.PaperFineTuning ?? "—")}</td>" +
                    $"<td class=\"paper\">{F(row.Paper?.Rel)}</td><td class=\"paper\">{F(row.Paper?.Log10)}</td>" +
                    $"<td class=\"paper\">{F(row.Paper?.Rms)}</td></tr>");
            sb.AppendLine("</table>");
        }
        sb.AppendLine("<h2>Figures</h2>");
        foreach (var f in figures)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"<figure><img src=\"{E(f.File)}\" alt=\"{E(f.Caption)}\">" +
                $"<figcaption>{E(f.Caption)}</figcaption></figure>");
        if (r.Settings.Count > 0)
        {
            sb.AppendLine("<h2>Settings as run</h2><table><tr><th>setting</th><th>value</th></tr>");
            foreach (var (k, v) in r.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{E(k)}</td><td>{E(v)}</td></tr>");
            sb.AppendLine("</table>");
        }
        if (r.Notes.Count > 0)
        {
            sb.AppendLine("<h2>Notes</h2><ul>");
            foreach (var n in r.Notes) sb.AppendLine(CultureInfo.InvariantCulture, $"<li>{E(n)}</li>");
            sb.AppendLine("</ul>");
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static string F(double? v, int digits = 3) =>
        v is { } x && double.IsFinite(x) ? x.ToString("F" + digits, CultureInfo.InvariantCulture) : "—";
}
