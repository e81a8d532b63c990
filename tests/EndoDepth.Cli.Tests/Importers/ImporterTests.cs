using EndoDepth.Datasets;
using EndoDepth.Datasets.Importers;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Importers;

/// <summary>
/// SimCol3D and C3VD importers on fixtures written by numpy + PIL in each dataset's published layout
/// (tests/fixtures/importers/make_fixtures.py), compared with the millimetres numpy computed from the published scale.
/// </summary>
public sealed class ImporterTests
{
    private static string Fixture(string rel) => Path.Combine(AppContext.BaseDirectory, "fixtures", "importers", rel);

    [Fact]
    public void Png16Decoder_reads_the_samples_PIL_wrote()
    {
        var raw = new Png16Decoder().Decode(Fixture("simcol3d/SyntheticColon_I/Frames_S1/Depth_0000.png"));
        var expected = NpyFile.Read(Fixture("simcol3d/SyntheticColon_I/Frames_S1/Depth_0000.expected_mm.npy"));
        Assert.Equal(24, raw.Width);
        Assert.Equal(20, raw.Height);
        Assert.Equal((ushort)0, raw.Samples[0]);
        Assert.Equal((ushort)65535, raw.Samples[1]);
        for (var i = 2; i < raw.Samples.Length; i++)
            Assert.Equal(expected.Values[i], raw.Samples[i] * SimCol3DImporter.MillimetresPerUnit, 3);
    }

    [Fact]
    public void TiffDepthDecoder_reads_plain_and_lzw_tiffs_PIL_wrote()
    {
        foreach (var rel in new[] { "c3vd/cecum_t1_a/0000_depth", "c3vd/sigmoid_t2_b/0000_depth" })
        {
            var raw = new TiffDepthDecoder().Decode(Fixture(rel + ".tiff"));
            Assert.Equal((ushort)0, raw.Samples[24]);
            Assert.Equal((ushort)65535, raw.Samples[25]);
            var mm = NpyFile.Read(Fixture(rel + ".expected_mm.npy"));
            Assert.Equal(1.0 * raw.Samples[0] / 65535 * 100, mm.Values[0], 3);
        }
    }

    [Fact]
    public void SimCol3D_import_matches_numpy_and_keeps_sequences_in_one_split()
    {
        using var tmp = new TempFolder();
        var summary = new SimCol3DImporter().Import(Fixture("simcol3d"), tmp["out"]);
        Assert.Equal(3, summary.Items);
        Assert.Equal(2, summary.Sequences);
        var folder = new DatasetFolder(tmp["out"]);
        var items = folder.ReadManifest();
        Assert.Equal(["SyntheticColon_I_Frames_S1-0000", "SyntheticColon_I_Frames_S1-0001",
            "SyntheticColon_I_Frames_S2-0000"], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal("simcol3d", i.Source));
        Assert.Equal(2, folder.ReadSplit(SplitName.Test).Select(i => i.SceneId).Distinct().Count());
        Assert.Empty(folder.ReadSplit(SplitName.Train));
        foreach (var (item, src) in items.Zip(new[] { "Frames_S1/Depth_0000", "Frames_S1/Depth_0001",
            "Frames_S2/Depth_0000" }))
            AssertMatches(folder, item, Fixture("simcol3d/SyntheticColon_I/" + src));
        var cam = items[0].Camera;
        Assert.Equal(227.6 * 24 / 475, cam.Fx, 3);
        Assert.Equal(12, cam.Cx, 3);
    }

    [Fact]
    public void C3vd_import_matches_numpy_with_0_and_65535_invalid()
    {
        using var tmp = new TempFolder();
        var summary = new C3vdImporter().Import(Fixture("c3vd"), tmp["out"]);
        Assert.Equal(3, summary.Items);
        var folder = new DatasetFolder(tmp["out"]);
        var items = folder.ReadManifest();
        Assert.Equal(["cecum_t1_a-0000", "cecum_t1_a-0001", "sigmoid_t2_b-0000"], items.Select(i => i.Id));
        foreach (var (item, src) in items.Zip(new[] { "cecum_t1_a/0000_depth", "cecum_t1_a/0001_depth",
            "sigmoid_t2_b/0000_depth" }))
        {
            AssertMatches(folder, item, Fixture("c3vd/" + src));
            var d = folder.LoadDepth(item);
            Assert.False(d.IsValid(0, 1));
            Assert.False(d.IsValid(1, 1));
        }
    }

    [Fact]
    public void Import_is_resumable_and_gives_the_same_bytes()
    {
        using var tmp = new TempFolder();
        var importer = new C3vdImporter();
        importer.Import(Fixture("c3vd"), tmp["a"]);
        var first = File.ReadAllBytes(tmp["a/depth/cecum_t1_a-0001.npy"]);
        File.Delete(tmp["a/items/cecum_t1_a-0001.json"]); // as if killed before the record was written
        var again = importer.Import(Fixture("c3vd"), tmp["a"]);
        Assert.Equal(2, again.Reused);
        Assert.Equal(first, File.ReadAllBytes(tmp["a/depth/cecum_t1_a-0001.npy"]));
        Assert.Equal(3, new DatasetFolder(tmp["a"]).ReadManifest().Count);
    }

    [Fact]
    public void Import_over_a_folder_of_another_stride_or_camera_is_refused_naming_it_and_force_starts_over()
    {
        using var tmp = new TempFolder();
        var src = Fixture("c3vd");
        var (code, _, err) = Endodepth.Run("import", "c3vd", src, "--out", tmp["a"]);
        Assert.True(code == 0, err);
        var before = File.ReadAllText(tmp["a/recipe.json"]);
        (code, _, err) = Endodepth.Run("import", "c3vd", src, "--out", tmp["a"], "--stride", "2");
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.Contains("stride 1, not 2", Assert.Single(err.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(tmp["a/recipe.json"]));
        File.WriteAllText(tmp["cam.json"], "{\"model\": \"pinhole\", \"width\": 64, \"height\": 48, " +
            "\"fx\": 50, \"fy\": 50, \"cx\": 32, \"cy\": 24}");
        (code, _, err) = Endodepth.Run("import", "c3vd", src, "--out", tmp["a"], "--calibration", tmp["cam.json"]);
        Assert.True(code == 2 && err.Contains("camera nominal", StringComparison.Ordinal), $"exit {code}: {err}");
        (code, _, err) = Endodepth.Run("import", "c3vd", src, "--out", tmp["a"], "--stride", "2", "--force");
        Assert.True(code == 0, err);
        Assert.Equal(2, new DatasetFolder(tmp["a"]).ReadManifest().Count); // 2 of the 3 frames at stride 2
    }

    [Fact]
    public void Stride_limit_and_hash_split_are_honoured()
    {
        using var tmp = new TempFolder();
        var s = new SimCol3DImporter()
            .Import(Fixture("simcol3d"), tmp["o"], new ImportOptions { Stride = 2, Split = null });
        Assert.Equal(2, s.Items); // S1: frame 0 only; S2: frame 0
        var split = SceneSplit.Load(tmp["o/splits.json"]);
        Assert.Equal(2, split.Train.Count + split.Val.Count + split.Test.Count);
    }

    [Theory]
    [InlineData("hostile_tiff_signed.tiff")] // SampleFormat 2, written by make_codec_fixtures.py
    [InlineData("hostile_tiff_float.tiff")]  // SampleFormat 3
    public void Signed_or_float_tiffs_are_refused_not_read_as_unsigned(string file)
    {
        var path = Endodepth.Fixture("..", "images", file);
        var e = Assert.ThrowsAny<DataFileException>(() => new TiffDepthDecoder().Decode(path));
        Assert.Contains("sample format", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_tiff_fails_with_a_typed_error_naming_the_file()
    {
        using var tmp = new TempFolder();
        var e = Assert.ThrowsAny<DataFileException>(() => new C3vdImporter()
            .Import(Fixture("broken/c3vd"), tmp["o"]));
        Assert.Contains("0000_depth.tiff", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_frames_is_refused()
    {
        using var tmp = new TempFolder();
        Assert.Throws<DatasetException>(() => new SimCol3DImporter().Import(Fixture("c3vd"), tmp["o"]));
    }

    private static void AssertMatches(DatasetFolder folder, DatasetItem item, string expectedPrefix)
    {
        var mm = NpyFile.Read(expectedPrefix + ".expected_mm.npy");
        var rgb = NpyFile.Read(expectedPrefix + ".expected_rgb.npy");
        var depth = folder.LoadDepth(item);
        var image = folder.LoadImage(item);
        Assert.Equal(3, image.Channels);
        for (var i = 0; i < mm.Values.Length; i++)
        {
            Assert.Equal(mm.Values[i], depth.Millimetres[i], 3);
            Assert.Equal(mm.Values[i] > 0, depth.Valid[i]);
        }
        var bytes = image.ToBytes();
        for (var i = 0; i < bytes.Length; i++) Assert.Equal(rgb.Values[i], bytes[i]);
    }
}
