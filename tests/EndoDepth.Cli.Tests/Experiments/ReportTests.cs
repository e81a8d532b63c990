using System.Text.RegularExpressions;
using EndoDepth.Experiments;
using EndoDepth.Experiments.Report;
using EndoDepth.Experiments.Results;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Experiments;

/// <summary>The report generator on hand-made result data.</summary>
public sealed class ReportTests
{
    private static MetricValues M(double rel, double log10, double rms, double d1) => new(rel, log10, rms, d1, 1000);

    private static ExperimentResults HandMade() => new()
    {
        Scale = "tiny",
        Seed = 42,
        Backend = "hand-made",
        Tables =
        [
            new ResultTable("table1", "Table 1: rendered test scenes", "4 held-out scenes × 4 presets",
            [
                new TableRow("CNN-CRF", "20", "None", M(0.5, 0.25, 12.5, 0.4), PaperNumbers.Table1[0].Values, "200,000",
                    "None"),
                new TableRow("CNN-CRF-FT", "20", "16", M(0.25, 0.125, 6.25, 0.7), PaperNumbers.Table1[1].Values,
                    "200,000", "1200"),
                TableRow.Of("baseline: shading", "16", "None",
                    new TestSetErrors(M(0.75, 0.375, 18.75, 0.2), M(0.625, 0.3, 15, 0.3))),
            ]),
            new ResultTable("table3", "Table 3: one vs four renderings", "unseen presets",
            [
                new TableRow("CNN-CRF-FT (1 × 8)", "20", "8", M(0.4, 0.2, 10, 0.5), PaperNumbers.Table3[0].Values,
                    "200,000", "300"),
            ]),
        ],
        LossCurves = [new LossCurve("pre-train", [3.0, 2.0, 1.5]), new LossCurve("fine-tune", [1.2, 1.0])],
        SizeCurve = [new SizePoint("CNN-CRF", 10, M(0.6, 0.3, 14, 0.3)),
            new SizePoint("CNN-CRF", 20, M(0.5, 0.25, 12.5, 0.4)),
            new SizePoint("CNN-CRF-FT", 10, M(0.3, 0.15, 7, 0.6)),
            new SizePoint("CNN-CRF-FT", 20, M(0.25, 0.125, 6.25, 0.7))],
        Settings = new Dictionary<string, string> { ["seed"] = "42", ["epochs"] = "3" },
        Notes = ["hand-made numbers"],
    };

    [Fact]
    public void Report_has_tables_with_the_papers_numbers_plots_and_links_that_resolve()
    {
        using var tmp = new TempFolder();
        var figures = ReportWriter.Write(tmp.Path, HandMade());
        var md = File.ReadAllText(tmp["report.md"]);
        var html = File.ReadAllText(tmp["report.html"]);
        foreach (var s in new[] { "0.394", "0.241", "1.933", "0.166", "0.471", "0.363", "2.614", "0.500", "0.250",
            "12.50", "0.400" })
        {
            Assert.Contains(s, md, StringComparison.Ordinal);
            Assert.Contains(s, html, StringComparison.Ordinal);
        }
        Assert.Equal(2, figures.Count);
        foreach (var f in figures)
        {
            var png = PngFile.Read(Path.Combine(tmp.Path, f.File));
            Assert.Equal(900, png.Width);
            Assert.Equal(420, png.Height);
            Assert.Contains($"]({f.File})", md, StringComparison.Ordinal);
            Assert.Contains($"src=\"{f.File}\"", html, StringComparison.Ordinal);
        }
        foreach (var tag in new[] { "table", "tr", "figure", "ul", "h2", "body", "html" })
            Assert.Equal(Regex.Count(html, $"<{tag}[ >]"), Regex.Count(html, $"</{tag}>"));
        Assert.Equal(3, Regex.Count(md, @"^\| CNN-CRF", RegexOptions.Multiline));
        Assert.Matches(
            @"\| baseline: shading \| 16 \| None \| 0\.750 \| 0\.375 \| 18\.75 \| 0\.200 \| 0\.625 \| — \|", md);
        Assert.Contains("<td>0.200</td><td>0.625</td>", html, StringComparison.Ordinal);
        Assert.Contains("rel (median)", md, StringComparison.Ordinal);
        Assert.Contains("rel (median)", html, StringComparison.Ordinal);
        Assert.Contains("CNN-CRF-FT (1 × 8)", ReportWriter.SummaryText(HandMade()), StringComparison.Ordinal);
    }

    [Fact]
    public void Results_round_trip_through_json()
    {
        using var tmp = new TempFolder();
        HandMade().Save(tmp["results.json"]);
        var back = ExperimentResults.Load(tmp["results.json"]);
        Assert.Equal(0.25, back.Tables[0].Rows[1].Ours.Rel);
        Assert.True(double.IsNaN(back.Tables[0].Rows[0].Paper!.Delta1));
        Assert.Null(back.Tables[0].Rows[0].Median);
        Assert.Equal(0.625, back.Tables[0].Rows[2].Median!.Rel);
        Assert.Contains("\"ours_median\"", File.ReadAllText(tmp["results.json"]), StringComparison.Ordinal);
        Assert.Equal([3.0, 2.0, 1.5], back.LossCurves[0].Loss);
    }

    [Fact]
    public void Grid_draws_every_depth_cell_on_one_scale_with_the_viridis_end_colours()
    {
        using var tmp = new TempFolder();
        static DepthMap Flat(float mm)
        {
            var d = new DepthMap(8, 8);
            for (var y = 0; y < 8; y++)
                for (var x = 0; x < 8; x++)
                    d.Set(x, y, mm);
            return d;
        }
        var grey = new ImageF(8, 8, 1);
        Array.Fill(grey.Data, 0.5f);
        var (range, _) = FigureGrid.Write(tmp["g.png"], ["input", "near", "far"],
            [("row", [Panel.Of(grey), Panel.OfDepth(Flat(10)), Panel.OfDepth(Flat(50))])], (10, 50));
        Assert.Equal((10.0, 50.0), range);
        var png = PngFile.Read(tmp["g.png"], 3);
        // Cell centres: columns start at x = 110 and are 128 + 6 wide; the first row starts at y = 22.
        static (byte, byte, byte) At(ImageF im, int x, int y) =>
            ((byte)MathF.Round(im[x, y, 0] * 255), (byte)MathF.Round(im[x, y, 1] * 255),
            (byte)MathF.Round(im[x, y, 2] * 255));
        Assert.Equal(((byte)128, (byte)128, (byte)128), At(png, 110 + 64, 22 + 64));
        Assert.Equal(((byte)0x44, (byte)0x01, (byte)0x54), At(png, 110 + 134 + 64, 22 + 64));   // viridis start
        Assert.Equal(((byte)0xfd, (byte)0xe7, (byte)0x25), At(png, 110 + 268 + 64, 22 + 64));   // viridis end
    }

    [Fact]
    public void Absolute_error_is_invalid_where_either_map_is()
    {
        var a = new DepthMap(2, 1, [10f, 20f]);
        var b = new DepthMap(2, 1, [13f, 0f]);
        var e = FigureGrid.AbsoluteError(a, b);
        Assert.Equal(3f, e[0, 0]);
        Assert.False(e.IsValid(1, 0));
    }
}
