using System.Diagnostics;

namespace EndoDepth.Cli.Tests.Estimator;

/// <summary>Starts endodepth as a process and interrupts it with SIGINT (Ctrl-C) once a file appears.</summary>
internal static class InterruptedRun
{
    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    /// <summary>
    /// Runs `endodepth ARGS`, sends SIGINT as soon as <paramref name="trigger"/> exists, and returns the exit code,
    /// stdout and stderr; Interrupted is false when the run finished before the file appeared.
    /// </summary>
    public static (int Code, bool Interrupted, string Out, string Err) Run(string trigger, params string[] args)
    {
        using var p = Endodepth.Start(args);
        var output = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEndAsync();
        var interrupted = false;
        var watch = Stopwatch.StartNew();
        while (!p.HasExited && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (File.Exists(trigger))
            {
                // kill(2) directly: starting a `kill` process took long enough under load for the run to finish first.
                Assert.Equal(0, Kill(p.Id, SigInt));
                interrupted = true;
                break;
            }
            Thread.Sleep(1);
        }
        if (!p.WaitForExit(60_000))
        {
            p.Kill(true);
            Assert.Fail("endodepth did not finish within 60 s");
        }
        return (p.ExitCode, interrupted, output.Result, err.Result);
    }
}
