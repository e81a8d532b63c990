using System.Diagnostics;
using System.Reflection;

namespace EndoDepth.Cli.Tests;

/// <summary>Runs the built endodepth.dll with `dotnet` and captures its output.</summary>
internal static class Endodepth
{
    private static string Metadata(string key) =>
        typeof(Endodepth).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Full path of a file under tests/fixtures/numpy.</summary>
    public static string Fixture(params string[] parts) =>
        Path.GetFullPath(Path.Combine([Metadata("Fixtures"), "numpy", .. parts]));

    /// <summary>Runs `endodepth ARGS`; returns the exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args) => RunWith(null, args);

    /// <summary>
    /// Runs `endodepth ARGS` with extra environment variables; returns the exit code, stdout and stderr.
    /// </summary>
    public static (int Code, string Out, string Err) RunWith(IReadOnlyDictionary<string, string>? environment,
        params string[] args)
    {
        using var p = Start(environment, args);
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "endodepth did not finish within 60 s");
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>Starts `endodepth ARGS` with stdout and stderr redirected (no colour, no telemetry).</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts `endodepth ARGS` with extra environment variables, stdout and stderr redirected.</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.GetFullPath(Metadata("EndoDepthCli"));
        Assert.True(File.Exists(dll), $"build the CLI first: {dll} is missing");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        if (SigIntIgnored())
        {
            // A test run started in the background (`cmd &` in a script) ignores SIGINT, and children inherit that;
            // the Ctrl-C tests need the CLI to receive SIGINT as from a terminal, so env(1) resets it (then execs
            // dotnet under the same process id).
            psi.FileName = "env";
            psi.ArgumentList.Add("--default-signal=INT");
            psi.ArgumentList.Add("dotnet");
        }
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        return Process.Start(psi)!;
    }

    /// <summary>True when this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status).</summary>
    private static bool SigIntIgnored()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
    }
}
