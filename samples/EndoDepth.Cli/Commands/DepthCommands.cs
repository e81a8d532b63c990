using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EndoDepth.Imaging;
using EndoDepth.IO;
using Spectre.Console;

namespace EndoDepth.Cli.Commands;

/// <summary>The `depth stats | depth preview` commands: statistics and a colour preview of a depth map.</summary>
internal static class DepthCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create()
    {
        var depth = new Command("depth",
            "Inspect depth maps (.npy float32 mm, or 16-bit .png at 0.01 mm per unit; 0 = invalid).");
        depth.Subcommands.Add(Stats());
        depth.Subcommands.Add(Preview());
        return [depth];
    }

    private static Command Stats()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Depth map (.npy or 16-bit .png)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var cmd = new Command("stats",
            "Width, height, valid pixel count, and min, max, mean of the valid depth (mm).") { file, json };
        cmd.SetAction(r =>
        {
            var path = r.GetRequiredValue(file).FullName;
            var s = DepthStatistics.Of(DepthFile.Read(path));
            if (r.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["file"] = path, ["width"] = s.Width, ["height"] = s.Height, ["valid_count"] = s.ValidCount,
                    ["min"] = JsonNumber(s.Min), ["max"] = JsonNumber(s.Max), ["mean"] = JsonNumber(s.Mean),
                }));
                return 0;
            }
            var t = new Table().AddColumns("quantity", "value");
            t.AddRow("file", Markup.Escape(path));
            t.AddRow("size (px)", $"{s.Width} × {s.Height}");
            t.AddRow("valid pixels", s.ValidCount.ToString(CultureInfo.InvariantCulture));
            t.AddRow("min (mm)", Format(s.Min));
            t.AddRow("max (mm)", Format(s.Max));
            t.AddRow("mean (mm)", Format(s.Mean));
            AnsiConsole.Write(t);
            return 0;
        });
        return cmd;
    }

    private static Command Preview()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Depth map (.npy or 16-bit .png)." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The colour PNG to write.", Required = true };
        var range = new Option<float[]>("--range")
        {
            Description = "Fixed depth range MIN MAX (mm) for comparable pictures; default: the map's own valid range.",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var cmd = new Command("preview",
            "A Turbo-coloured PNG of a depth map (near = blue, far = red, invalid = black).") { file, output, range };
        cmd.SetAction(r =>
        {
            var depth = DepthFile.Read(r.GetRequiredValue(file).FullName);
            var rg = r.GetValue(range);
            var img = rg is { Length: 2 } ? DepthPreview.Render(depth, rg[0], rg[1]) : DepthPreview.Render(depth);
            var outPath = r.GetRequiredValue(output).FullName;
            PngFile.Write(outPath, img);
            Console.Out.WriteLine(outPath);
            return 0;
        });
        return cmd;
    }

    /// <summary>A JSON-safe number (NaN → null).</summary>
    internal static double? JsonNumber(double v) => double.IsFinite(v) ? v : null;

    /// <summary>A number for tables.</summary>
    internal static string Format(double v) => double.IsNaN(v) ? "–" : v.ToString("G6", CultureInfo.InvariantCulture);
}
