using EndoDepth.Datasets;
using EndoDepth.Volumes;
using EndoDepth.Rendering.Phantom;

namespace EndoDepth.Cli.Tests.Synthesis;

/// <summary>`endodepth phantom` and `endodepth synth`, run as a process.</summary>
public sealed class SynthesisCommandsTests
{
    [Fact]
    public void Phantom_writes_the_library_phantom_as_nifti_centerline_and_obj()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("phantom", "--seed", "3", "--out", tmp["ph"], "--length", "80",
            "--ct-spacing", "2");
        Assert.True(code == 0, err);
        var expected = ColonPhantom.Generate(new ColonPhantomSettings { LengthMm = 80f }, 3);
        var ct = NiftiFile.Read(tmp["ph/ct.nii.gz"]);
        var want = expected.CreateCtVolume(new ColonCtSettings { SpacingMm = 2f });
        Assert.Equal((want.Nx, want.Ny, want.Nz), (ct.Nx, ct.Ny, ct.Nz));
        Assert.Equal(want.AsFloat32(), ct.AsFloat32());
        Assert.Equal(expected.Centerline.Count + 1, File.ReadAllLines(tmp["ph/centerline.csv"]).Length);
        Assert.StartsWith("# EndoDepth colon phantom colon-3", File.ReadLines(tmp["ph/surface.obj"]).First(),
            StringComparison.Ordinal);
        Assert.True(File.Exists(tmp["ph/centerline.json"]) && File.Exists(tmp["ph/phantom.json"]));
    }

    [Fact]
    public void Synth_with_a_negative_count_names_the_option_not_a_setting()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("synth", "--count", "-3", "--out", tmp["set"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--count -3", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Synth_writes_a_dataset_and_a_rerun_has_nothing_left_to_do()
    {
        using var tmp = new TempFolder();
        string[] args = ["synth", "--count", "3", "--size", "16x12", "--seed", "5", "--out", tmp["ds"],
            "--views-per-phantom", "3"];
        var (code, output, err) = Endodepth.Run(args);
        Assert.True(code == 0, err);
        Assert.Contains("3 items written", output, StringComparison.Ordinal);
        var items = new DatasetFolder(tmp["ds"]).ReadManifest();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal((16, 12), (i.Camera.Width, i.Camera.Height)));
        (code, output, err) = Endodepth.Run(args);
        Assert.True(code == 0, err);
        Assert.Contains("0 items written", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Synth_writes_the_same_bytes_with_the_runtime_s_avx2_switched_off()
    {
        // With DOTNET_EnableAVX2=0 the forward model runs its scalar kernel body instead of the eight-lane one: every
        // file of the dataset must be byte-identical (a CPU without AVX2 renders the same dataset).
        using var tmp = new TempFolder();
        string[] Args(string dir) =>
            ["synth", "--count", "12", "--size", "40x30", "--seed", "8", "--out", tmp[dir], "--views-per-phantom", "6"];
        var (code, _, err) = Endodepth.Run(Args("avx2"));
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.RunWith(new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0" },
            Args("scalar"));
        Assert.True(code == 0, err);
        var files = Directory.GetFiles(tmp["avx2"], "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tmp["avx2"], f)).Order().ToArray();
        Assert.Equal(files, Directory.GetFiles(tmp["scalar"], "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tmp["scalar"], f)).Order());
        Assert.Contains(files, f => f.EndsWith(".png", StringComparison.Ordinal));
        foreach (var f in files) Assert.True(File.ReadAllBytes(Path.Combine(tmp["avx2"], f)).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(tmp["scalar"], f))), f);
    }

    [Theory]
    [InlineData("--shard", "4/4")]
    [InlineData("--size", "0x5")]
    public void Synth_rejects_bad_options_with_one_line_and_exit_code_2(string option, string value)
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("synth", "--count", "2", "--out", tmp["ds"], option, value);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
    }
}
