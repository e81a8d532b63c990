namespace EndoDepth.Cli.Tests.Reliability;

/// <summary>
/// Item records carry each file's size and SHA-256: a resume re-makes items whose files were truncated, and
/// `dataset verify` lists every item whose files differ from their records.
/// </summary>
public sealed class DamagedItemTests
{
    private static string[] Synth(string folder) =>
        ["synth", "--count", "6", "--size", "16x16", "--seed", "5", "--out", folder, "--views-per-phantom", "3",
            "--backend", "ParallelFor"];

    [Fact]
    public void Truncated_files_are_listed_by_verify_and_remade_by_a_resume_to_the_original_bytes()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run(Synth(tmp["set"]));
        Assert.True(code == 0, err);
        var original = KilledRunTests.Files(tmp["set"]);
        (code, var output, err) = Endodepth.Run("dataset", "verify", tmp["set"]);
        Assert.True(code == 0, output + err);
        Assert.Contains("6 items checked, 0 damaged", output, StringComparison.Ordinal);

        // The report's case: one depth .npy truncated to 0 bytes, one image .png to 100 bytes.
        File.WriteAllBytes(tmp["set/depth/0000001.npy"], []);
        File.WriteAllBytes(tmp["set/images/0000004.png"], original["images/0000004.png"][..100]);
        (code, output, _) = Endodepth.Run("dataset", "verify", tmp["set"]);
        Assert.Equal(1, code);
        Assert.Contains("0000001: depth/0000001.npy has 0 bytes", output, StringComparison.Ordinal);
        Assert.Contains("0000004: images/0000004.png has 100 bytes", output, StringComparison.Ordinal);
        Assert.Contains("6 items checked, 2 damaged", output, StringComparison.Ordinal);

        (code, _, err) = Endodepth.Run(Synth(tmp["set"]));
        Assert.True(code == 0, err);
        var remade = KilledRunTests.Files(tmp["set"]);
        Assert.Equal(original.Keys, remade.Keys);
        foreach (var (name, bytes) in original) Assert.True(bytes.AsSpan().SequenceEqual(remade[name]), name);
    }

    [Fact]
    public void Verify_finds_a_flipped_bit_that_keeps_the_file_size()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run(Synth(tmp["set"]));
        Assert.True(code == 0, err);
        var png = tmp["set/images/0000002.png"];
        var bytes = File.ReadAllBytes(png);
        bytes[^20] ^= 0x10;
        File.WriteAllBytes(png, bytes);
        (code, var output, _) = Endodepth.Run("dataset", "verify", tmp["set"]);
        Assert.Equal(1, code);
        Assert.Contains("0000002: images/0000002.png does not match its recorded SHA-256", output,
            StringComparison.Ordinal);
    }
}
