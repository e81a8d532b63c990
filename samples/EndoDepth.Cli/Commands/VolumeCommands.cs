using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.IO.Dicom;
using EndoDepth.Volumes;

namespace EndoDepth.Cli.Commands;

/// <summary>The `volume info | volume export` commands: what a CT volume holds, and its voxels as .npy.</summary>
internal static class VolumeCommands
{
    /// <summary>The top-level commands this file contributes.</summary>
    public static IEnumerable<Command> Create()
    {
        var volume = new Command("volume",
            "Inspect and export CT volumes (a DICOM series folder, a DICOM file, or NIfTI-1 .nii/.nii.gz).");
        volume.Subcommands.Add(Info());
        volume.Subcommands.Add(Export());
        return [volume];
    }

    private static Argument<string> PathArgument() =>
        new("PATH") { Description = "A DICOM series folder, a DICOM file, or a .nii/.nii.gz file." };
    private static Option<bool> SkipBad() =>
        new("--skip-bad-files") { Description = "Skip (and report) unreadable files in a DICOM folder " +
            "instead of stopping." };
    private static Option<string?> Series() =>
        new("--series") { Description = "Series Instance UID to read from a folder holding several " +
            "(default: the largest)." };

    private static Command Info()
    {
        var path = PathArgument();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var skip = SkipBad();
        var series = Series();
        var cmd = new Command("info",
            "Dimensions, spacing, origin, direction, HU min/max/mean, and for DICOM the series UID, modality and "
            + "transfer syntax.")
            { path, json, skip, series };
        cmd.SetAction(r =>
        {
            var loaded = VolumeFiles.Open(r.GetValue(path)!,
                new DicomSeriesOptions { SkipBadFiles = r.GetValue(skip), SeriesInstanceUid = r.GetValue(series) });
            var v = loaded.Volume;
            var stats = HuStatistics.Of(v);
            if (r.GetValue(json))
            {
                var doc = new Dictionary<string, object?>
                {
                    ["path"] = r.GetValue(path),
                    ["format"] = loaded.Format,
                    ["dims"] = new[] { v.Nx, v.Ny, v.Nz },
                    ["spacing"] = Arr(v.Spacing),
                    ["origin"] = Arr(v.Origin),
                    ["direction"] = new[] { Arr(v.DirectionI), Arr(v.DirectionJ), Arr(v.DirectionK) },
                    ["storage"] = v.Storage.ToString(),
                    ["hu"] = new Dictionary<string, double> { ["min"] = stats.Min, ["max"] = stats.Max,
                        ["mean"] = stats.Mean },
                    ["metadata"] = loaded.Metadata,
                };
                Console.WriteLine(JsonSerializer.Serialize(doc, JsonIndented));
                return 0;
            }
            Console.WriteLine($"path               {r.GetValue(path)}");
            Console.WriteLine($"format             {loaded.Format}");
            Console.WriteLine(Inv(
                $"dims               {v.Nx} × {v.Ny} × {v.Nz} (columns × rows × slices), {v.Storage}"));
            Console.WriteLine($"spacing            {v.Spacing} mm");
            Console.WriteLine($"origin             {v.Origin} mm (LPS)");
            Console.WriteLine($"direction          i {v.DirectionI}  j {v.DirectionJ}  k {v.DirectionK}");
            Console.WriteLine(Inv($"HU                 min {stats.Min:G6}  max {stats.Max:G6}  mean {stats.Mean:G6}"));
            foreach (var (key, value) in loaded.Metadata) Console.WriteLine($"{key,-18} {value}");
            return 0;
        });
        return cmd;
    }

    private static Command Export()
    {
        var path = PathArgument();
        var output = new Option<string>("--out", "-o") { Description = "Output .npy file: HU as float32, shape (slices, " +
            "rows, columns).", Required = true };
        var skip = SkipBad();
        var series = Series();
        var cmd = new Command("export",
            "Export HU as float32 .npy in (slice, row, column) order, slices sorted along the slice normal.")
            { path, output, skip, series };
        cmd.SetAction(r =>
        {
            var loaded = VolumeFiles.Open(r.GetValue(path)!,
                new DicomSeriesOptions { SkipBadFiles = r.GetValue(skip), SeriesInstanceUid = r.GetValue(series) });
            var v = loaded.Volume;
            if (loaded.Metadata.TryGetValue("skippedFiles", out var skipped))
                Console.Error.WriteLine($"skipped unreadable files: {skipped}");
            var file = r.GetValue(output)!;
            NpyFile.WriteFloat32(file, v.AsFloat32(), [v.Nz, v.Ny, v.Nx]);
            Console.WriteLine(Inv($"wrote {file}: float32 ({v.Nz}, {v.Ny}, {v.Nx})"));
            return 0;
        });
        return cmd;
    }

    private static readonly JsonSerializerOptions JsonIndented = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static float[] Arr(Float3 f) => [f.X, f.Y, f.Z];

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
