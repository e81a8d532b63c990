using System.Text.Json;

namespace EndoDepth.Cli.Tests;

/// <summary>
/// `endodepth depth stats | depth preview | metrics` on files numpy wrote (tests/fixtures/numpy/make_fixtures.py).
/// </summary>
public class FoundationCommandsTests
{
    [Fact]
    public void Depth_stats_json_matches_numpy()
    {
        var (code, output, err) = Endodepth.Run("depth", "stats",
            Endodepth.Fixture("metrics", "cli", "gt", "frame_0.npy"), "--json");
        Assert.True(code == 0, err);
        using var got = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(
            File.ReadAllText(Endodepth.Fixture("metrics", "cli", "gt_frame_0_stats.json")));
        foreach (var key in new[] { "width", "height", "valid_count" })
            Assert.Equal(expected.RootElement.GetProperty(key).GetInt64(), got.RootElement.GetProperty(key).GetInt64());
        foreach (var key in new[] { "min", "max", "mean" })
            Assert.Equal(expected.RootElement.GetProperty(key).GetDouble(), got.RootElement.GetProperty(key)
                .GetDouble(), 9);
    }

    [Theory]
    [InlineData("none", "pixels", 0, "all_pixels")]
    [InlineData("median", "images", 2, "mean_of_images")]
    [InlineData("lsq", "pixels", 4, "all_pixels")]
    public void Metrics_json_matches_numpy(string align, string aggregate, int caseIndex, string key)
    {
        var (code, output, err) = Endodepth.Run("metrics", "--pred", Endodepth.Fixture("metrics", "cli", "pred"),
            "--gt", Endodepth.Fixture("metrics", "cli", "gt"), "--align", align, "--aggregate", aggregate, "--json");
        Assert.True(code == 0, err);
        using var got = JsonDocument.Parse(output);
        using var all = JsonDocument.Parse(File.ReadAllText(Endodepth.Fixture("metrics", "expected.json")));
        var e = all.RootElement[caseIndex];
        Assert.Equal(align, e.GetProperty("align").GetString());
        Assert.True(e.GetProperty("max").ValueKind == JsonValueKind.Null);
        var expected = e.GetProperty(key);
        foreach (var k in new[] { "rel", "log10", "rms", "sq_rel", "rmse_log", "d1", "d2", "d3" })
            Assert.Equal(expected.GetProperty(k).GetDouble(), got.RootElement.GetProperty(k).GetDouble(), 9);
        Assert.Equal(expected.GetProperty("count").GetInt64(), got.RootElement.GetProperty("count").GetInt64());
    }

    [Fact]
    public void Metrics_with_a_clamp_range_match_numpy()
    {
        var (code, output, err) = Endodepth.Run("metrics", "--pred", Endodepth.Fixture("metrics", "cli", "pred"),
            "--gt", Endodepth.Fixture("metrics", "cli", "gt"), "--min-depth", "10", "--max-depth", "80", "--json");
        Assert.True(code == 0, err);
        using var got = JsonDocument.Parse(output);
        using var all = JsonDocument.Parse(File.ReadAllText(Endodepth.Fixture("metrics", "expected.json")));
        var expected = all.RootElement[1].GetProperty("all_pixels");
        Assert.Equal(80.0, all.RootElement[1].GetProperty("max").GetDouble());
        Assert.Equal(expected.GetProperty("rel").GetDouble(), got.RootElement.GetProperty("rel").GetDouble(), 9);
        Assert.Equal(expected.GetProperty("count").GetInt64(), got.RootElement.GetProperty("count").GetInt64());
    }

    [Fact]
    public void Per_image_metrics_are_listed_by_name()
    {
        var (code, output, err) = Endodepth.Run("metrics", "--pred", Endodepth.Fixture("metrics", "cli", "pred"),
            "--gt", Endodepth.Fixture("metrics", "cli", "gt"), "--per-image", "--json");
        Assert.True(code == 0, err);
        using var got = JsonDocument.Parse(output);
        using var all = JsonDocument.Parse(File.ReadAllText(Endodepth.Fixture("metrics", "expected.json")));
        var rows = got.RootElement.GetProperty("per_image");
        Assert.Equal(3, rows.GetArrayLength());
        Assert.Equal("frame_1", rows[1].GetProperty("name").GetString());
        Assert.Equal(all.RootElement[0].GetProperty("per_image")[1].GetProperty("rel").GetDouble(),
            rows[1].GetProperty("rel").GetDouble(), 9);
    }

    [Fact]
    public void Preview_writes_a_colour_png_of_the_same_size()
    {
        var outPath = Path.Combine(Path.GetTempPath(), $"endodepth-preview-{Guid.NewGuid():N}.png");
        try
        {
            var (code, _, err) = Endodepth.Run("depth", "preview", Endodepth.Fixture("png", "depth16.png"), "--out",
                outPath, "--range", "0", "700");
            Assert.True(code == 0, err);
            var png = File.ReadAllBytes(outPath);
            Assert.Equal(13, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));  // IHDR width
            Assert.Equal(10, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));  // IHDR height
            Assert.Equal(2, png[25]); // colour type RGB
        }
        finally { File.Delete(outPath); }
    }

    [Theory]
    [InlineData("depth", "stats", "npy/bad_truncated.npy")]
    [InlineData("depth", "stats", "npy/bad_nan_depth.npy")]
    [InlineData("depth", "stats", "png/bad_crc.png")]
    [InlineData("depth", "stats", "npy/does_not_exist.npy")]
    public void Bad_input_gives_exit_code_2_and_one_line_naming_the_file(string a, string b, string file)
    {
        var (code, _, err) = Endodepth.Run(a, b, Endodepth.Fixture(file.Split('/')));
        Assert.Equal(2, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.GetFileName(file), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_folders_are_refused()
    {
        var (code, _, err) = Endodepth.Run("metrics", "--pred", Endodepth.Fixture("metrics", "cli", "pred"), "--gt",
            Endodepth.Fixture("npy"));
        Assert.Equal(2, code);
        Assert.Contains("do not pair", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("depth", "stats")]
    [InlineData("depth", "preview")]
    [InlineData("metrics")]
    public void Every_command_has_help(params string[] command)
    {
        var (code, output, _) = Endodepth.Run([.. command, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }
}
