using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Predict;

/// <summary>
/// `endodepth predict` as users call it (docs/predict.md): videos, quoted globs, the output formats and point clouds,
/// with the pretrained model shipped with EndoDepth on 32×32 inputs.
/// </summary>
public sealed partial class PredictCommandTests
{
    private static string Video(string name) => Endodepth.Fixture("..", "video", name);

    /// <summary>
    /// A 32×32 colour image with a smooth, position-dependent pattern (seeded by <paramref name="k"/>).
    /// </summary>
    private static void WriteImage(string path, int k)
    {
        var image = new ImageF(32, 32, 3);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 32; y++)
                for (var x = 0; x < 32; x++)
                    image[x, y, c] = 0.2f + 0.6f * (0.5f + 0.5f * MathF.Sin((x + 2 * y + 7 * c + 5 * k) / 6f));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        PngFile.Write(path, image);
    }

    [GeneratedRegex(@"^predicted (\d+) frames in [0-9.]+ s: median [0-9.]+ ms, p95 [0-9.]+ ms, max [0-9.]+ ms per " +
        "frame$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();

    [Fact]
    public void A_video_gives_one_depth_map_per_frame_named_by_index_and_a_one_line_timing_summary()
    {
        using var tmp = new TempFolder();
        var (code, output, err) = Endodepth.Run("predict", Video("grey4.mp4"), "-o", tmp["pred"], "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Equal(["000000.npy", "000001.npy", "000002.npy", "000003.npy"],
            Directory.GetFiles(tmp["pred/grey4"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(4, Directory.GetFiles(tmp["pred/preview/grey4"], "*.png").Length);
        Assert.All(Directory.GetFiles(tmp["pred/grey4"]), f => Assert.Equal((32, 32),
            (NpyFile.ReadDepth(f).Width, NpyFile.ReadDepth(f).Height)));
        Assert.Equal("4", SummaryLine().Match(output).Groups[1].Value);
        // Redirected, the output is parseable lines: progress ("predict: 52%") and the summary, nothing wrapped.
        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            Assert.True(ProgressLine().IsMatch(line) || SummaryLine().IsMatch(line), line));
    }

    [GeneratedRegex(@"^predict: \d+%$")]
    private static partial Regex ProgressLine();

    [Fact]
    public void A_quoted_glob_is_expanded_by_the_program_and_its_matches_mirrored()
    {
        using var tmp = new TempFolder();
        WriteImage(tmp["frames/seqA/0001.png"], 1);
        WriteImage(tmp["frames/seqB/0001.png"], 2);
        WriteImage(tmp["frames/seqB/skip.jpg.txt"], 3);
        var (code, output, err) = Endodepth.Run("predict", Path.Combine(tmp.Path, "frames", "**", "*.png"), "-o",
            tmp["pred"], "--threads", "1");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(tmp["pred/seqA/0001.npy"]));
        Assert.True(File.Exists(tmp["pred/seqB/0001.npy"]));
        Assert.Equal("2", SummaryLine().Match(output).Groups[1].Value);
    }

    [Fact]
    public void Png_simcol3d_and_ply_outputs_hold_the_npy_prediction_at_their_documented_scales()
    {
        using var tmp = new TempFolder();
        WriteImage(tmp["in/frame.png"], 0);
        string[] camera = ["--intrinsics", "20,20,16,16", "--threads", "1"];
        foreach (var (format, folder) in new[] { ("npy", "npy"), ("png", "png"), ("simcol3d", "simcol") })
        {
            var (code, _, err) = Endodepth.Run(["predict", tmp["in"], "-o", tmp[folder], "--format", format,
                .. format == "npy" ? (string[])["--ply"] : [], .. camera]);
            Assert.True(code == 0, err);
        }
        var mm = NpyFile.ReadDepth(tmp["npy/frame.npy"]);

        // 16-bit PNG at 0.01 mm per unit: within half a unit of the float32 prediction.
        var png = DepthPng.Read(tmp["png/frame.png"]);
        for (var i = 0; i < mm.Millimetres.Length; i++)
            Assert.True(Math.Abs(png.Millimetres[i] - mm.Millimetres[i]) <= 0.005f + 1e-4f * mm.Millimetres[i],
                $"pixel {i}: {png.Millimetres[i]} vs {mm.Millimetres[i]}");
        // …and `metrics` reads the PNG folder against the .npy one: rms within that half unit.
        var (mcode, json, merr) = Endodepth.Run("metrics", "--pred", tmp["png"], "--gt", tmp["npy"], "--json");
        Assert.True(mcode == 0, merr);
        using (var doc = JsonDocument.Parse(json))
            Assert.InRange(doc.RootElement.GetProperty("rms").GetDouble(), 0, 0.005);

        // SimCol3D: float16 of mm / 200 (1 = 20 cm), clipped to [0, 1]: float16 keeps 11 significant bits.
        var simcol = NpyFile.Read(tmp["simcol/frame.npy"]);
        Assert.Equal("<f2", simcol.DType);
        Assert.Equal([32L, 32L], simcol.Shape);
        for (var i = 0; i < mm.Millimetres.Length; i++)
        {
            var expected = Math.Clamp(mm.Millimetres[i] / 200.0, 0, 1);
            Assert.True(Math.Abs(simcol.Values[i] - expected) <= expected * Math.Pow(2, -11) + 1e-7,
                $"pixel {i}: {simcol.Values[i]} vs {expected}");
        }

        // PLY: pixel (i, j) at z-depth z is ((i + 0.5 − 16)/20 · z, (j + 0.5 − 16)/20 · z, z) for fx = fy = 20
        // and principal point (16, 16), in row-major order of the valid pixels.
        var bytes = File.ReadAllBytes(tmp["npy/frame.ply"]);
        var end = Encoding.ASCII.GetBytes("end_header\n");
        var at = bytes.AsSpan().IndexOf(end) + end.Length;
        Assert.Contains($"element vertex {mm.ValidCount}\n", Encoding.ASCII.GetString(bytes, 0, at),
            StringComparison.Ordinal);
        var n = 0;
        for (var j = 0; j < 32; j++)
            for (var i = 0; i < 32; i++)
            {
                if (!mm.IsValid(i, j)) continue;
                var z = mm[i, j];
                var o = at + 15 * n++;
                float F(int k) => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(o + 4 * k));
                Assert.Equal((i + 0.5f - 16f) / 20f * z, F(0), 1e-4f * z);
                Assert.Equal((j + 0.5f - 16f) / 20f * z, F(1), 1e-4f * z);
                Assert.Equal(z, F(2), 1e-4f * z);
            }
        Assert.Equal(at + 15 * n, bytes.Length);

        // The same camera from a calibration file made at twice the size (scaled to the image: fx 40 → 20, cx 32 →
        // 16) gives the same prediction and the same cloud.
        File.WriteAllText(tmp["calib.json"], """
            { "model": "pinhole", "width": 64, "height": 64, "fx": 40, "fy": 40, "cx": 32, "cy": 32,
              "max_theta_deg": 85 }
            """);
        var (ccode, _, cerr) = Endodepth.Run(["predict", tmp["in"], "-o", tmp["calib"], "--ply", "--camera",
            tmp["calib.json"], "--threads", "1"]);
        Assert.True(ccode == 0, cerr);
        Assert.Equal(File.ReadAllBytes(tmp["npy/frame.npy"]), File.ReadAllBytes(tmp["calib/frame.npy"]));
        Assert.Equal(bytes, File.ReadAllBytes(tmp["calib/frame.ply"]));
    }

    [Theory]
    [InlineData("--format", "tiff", "--format tiff")]
    [InlineData("--fov", "90", "give the camera once")]
    [InlineData("--intrinsics", "20,20,16", "--intrinsics 20,20,16")]
    [InlineData("--mirrors", "sideways", "expected none, horizontal, both or dihedral")]
    public void Bad_output_or_camera_options_are_one_line_and_exit_2(string option, string value, string said)
    {
        using var tmp = new TempFolder();
        string[] extra = option == "--fov" ? ["--intrinsics", "20,20,16,16"] : [];
        var (code, _, err) = Endodepth.Run(["predict", Video("grey4.avi"), "-o", tmp["pred"], option, value,
            .. extra]);
        Assert.Equal(2, code);
        Assert.Contains(said, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }
}
