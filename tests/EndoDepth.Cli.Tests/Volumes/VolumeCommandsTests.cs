using System.Diagnostics;
using System.Text.Json;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Volumes;

/// <summary>`endodepth volume info | export`, run as a process on the DICOM and NIfTI fixtures.</summary>
public sealed class VolumeCommandsTests
{
    private static string Fixture(params string[] parts)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "EndoDepth.sln")))
                return Path.Combine([d.FullName, "tests", "fixtures", .. parts]);
        throw new InvalidOperationException("EndoDepth.sln not found");
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "endodepth.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "endodepth did not finish in 60 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Export_writes_HU_as_float32_in_slice_row_column_order()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Run("volume", "export", Fixture("dicom", "series_oblique"), "--out", tmp["hu.npy"]);
        Assert.True(code == 0, err);
        var got = NpyFile.Read(tmp["hu.npy"]);
        var want = NpyFile.Read(Fixture("dicom", "series_oblique.expected.npy")); // pydicom, sorted along the normal
        Assert.Equal("<f4", got.DType);
        Assert.Equal(want.Shape, got.Shape);
        Assert.Equal(want.Values, got.Values);
    }

    [Fact]
    public void Export_with_skip_bad_files_says_which_files_it_skipped()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Run("volume", "export", Fixture("dicom", "series_with_bad_file"), "--out", tmp["hu.npy"],
            "--skip-bad-files");
        Assert.True(code == 0, err);
        Assert.Contains("skipped", err, StringComparison.Ordinal);
        Assert.Contains("img001.dcm", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_json_reports_geometry_statistics_and_DICOM_details()
    {
        var (code, stdout, err) = Run("volume", "info", Fixture("dicom", "series_oblique"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal([7, 6, 5], r.GetProperty("dims").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("2.25.4242501", r.GetProperty("metadata").GetProperty("seriesInstanceUid").GetString());
        Assert.Equal("CT", r.GetProperty("metadata").GetProperty("modality").GetString());
        Assert.Contains("1.2.840.10008.1.2 ", r.GetProperty("metadata").GetProperty("transferSyntax").GetString(),
            StringComparison.Ordinal);
        var hu = NpyFile.Read(Fixture("dicom", "series_oblique.expected.npy")).Values;
        Assert.Equal(hu.Min(), r.GetProperty("hu").GetProperty("min").GetDouble());
        Assert.Equal(hu.Max(), r.GetProperty("hu").GetProperty("max").GetDouble());
        Assert.Equal(hu.Average(), r.GetProperty("hu").GetProperty("mean").GetDouble(), 1e-9);
    }

    [Fact]
    public void Unsupported_and_inconsistent_input_gives_one_line_and_exit_code_2()
    {
        var (code, _, err) = Run("volume", "info", Fixture("dicom", "jpeg_lossless.dcm"));
        Assert.Equal(2, code);
        Assert.Contains("1.2.840.10008.1.2.4.70", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        (code, _, err) = Run("volume", "info", Fixture("dicom", "series_tilt"));
        Assert.Equal(2, code);
        Assert.Contains("gantry tilt", err, StringComparison.Ordinal);
    }
}
