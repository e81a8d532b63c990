using System.Diagnostics;
using System.Reflection;

namespace EndoDepth.Cli.Tests.Estimator;

/// <summary>
/// An app without a loadable torch backend — here the built endodepth without its native libraries, as an app that
/// references TorchSharp but not TorchSharp-cpu is — gets one line saying what to reference, and exit code 2 (it was
/// TorchSharp's 50-line search trace, an unhandled exception and exit 134).
/// </summary>
public sealed class TorchBackendTests
{
    [Fact]
    public async Task Without_a_torch_backend_predict_says_in_one_line_what_to_reference_and_exits_2()
    {
        using var temp = new TempFolder();
        // The CLI's managed files only: no runtimes/*/native (libtorch, libLibTorchSharp), no RID-specific builds.
        var built = Path.GetDirectoryName(Path.GetFullPath(typeof(Endodepth).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EndoDepthCli").Value!))!;
        var app = Directory.CreateDirectory(temp["app"]).FullName;
        foreach (var file in Directory.EnumerateFiles(built))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        Assert.False(File.Exists(Path.Combine(app, "libLibTorchSharp.so")));

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(app, "endodepth.dll"), "predict",
                     Path.Combine(Endodepth.Fixture(), "..", "images", "grey4x3.png"), "--out", temp["preds"] })
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        // TorchSharp's fallback copies libtorch from the NuGet package folder when the app lacks it: point it at an
        // empty one, as on a machine that never restored libtorch.
        psi.Environment["NUGET_PACKAGES"] = Directory.CreateDirectory(temp["packages"]).FullName;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "endodepth did not finish within 60 s");
        var errors = await err;

        Assert.Equal(2, p.ExitCode);
        Assert.Equal("", output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("endodepth: TorchSharp's native backend could not be loaded: add a package reference to " +
            "TorchSharp-cpu", line);
        Assert.False(Directory.Exists(temp["preds"]) && Directory.EnumerateFiles(temp["preds"], "*.npy",
            SearchOption.AllDirectories).Any());
    }
}
