using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using EndoDepth.IO;

namespace EndoDepth.Cli;

/// <summary>
/// Runs the command line and turns expected failures into a one-line message and a non-zero exit code.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Exit code for bad input (files, arguments).</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for a file-system failure that is not bad input (e.g. a full disk).</summary>
    public const int IoFailure = 1;

    /// <summary>Exit code for a cancelled run (Ctrl-C).</summary>
    public const int Cancelled = 130;

    /// <summary>The option of the commands that can start a folder of another dataset over.</summary>
    public const string ForceOption = "--force";

    /// <summary>
    /// <c>--force</c>: start the output folder over (<c>DatasetFolder.StartOver</c>) instead of resuming it.
    /// </summary>
    public static Option<bool> Force() => new(ForceOption)
    {
        Description = "Start the output folder over (delete its dataset files) instead of resuming it; needed when " +
            "it was made with other arguments.",
    };

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command whose action takes a <see cref="CancellationToken"/> (every
    /// long one) gets one that Ctrl-C (SIGINT) or SIGTERM cancels: it stops between steps, its writers finish or remove
    /// their temporary files, and the run ends with "cancelled" and exit code 130. A second Ctrl-C, or one during a
    /// command that takes no token, ends the process at once.
    /// </summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        // System.CommandLine's own termination handler is off: it only watches asynchronous work, and ours is one
        // path for every command.
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null };
        var parsed = root.Parse(args);
        using var cancel = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            if (parsed.Action is not AsynchronousCommandLineAction || cancel.IsCancellationRequested) return;
            context.Cancel = true; // the run stops itself, cleanly
            cancel.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return parsed.InvokeAsync(config, cancel.Token).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return Report(e, parsed);
        }
    }

    /// <summary>Prints an expected failure in one line and returns its exit code; rethrows anything else.</summary>
    private static int Report(Exception e, ParseResult parsed)
    {
        switch (Unwrap(e))
        {
            case EndoDepth.Datasets.DatasetRecipeException recipe:
                // A folder of another dataset: say how to start it over when the command can.
                var force = parsed.CommandResult.Command.Options.Any(o => o.Name == ForceOption);
                Console.Error.WriteLine($"endodepth: {OneLine(recipe.Message)}{(force ? $" ({ForceOption})" : "")}");
                return BadInput;
            case DataFileException or FileNotFoundException or DirectoryNotFoundException or ArgumentException
                or FormatException or InvalidDataException or NotSupportedException or UnauthorizedAccessException
                or CommandLineException or EndoDepth.Crf.Training.TrainingDivergedException:
                // Bad input, or settings that did not train (the last checkpoint stays).
                Console.Error.WriteLine($"endodepth: {OneLine(Unwrap(e).Message)}");
                return BadInput;
            case EndoDepth.Crf.Runtime.TorchBackendMissingException torch:
                // The app (or this tool's copy) has no loadable libtorch: what to reference, in one line.
                Console.Error.WriteLine($"endodepth: {OneLine(torch.Message)}");
                return BadInput;
            case IOException io:
                // Other file-system failures (an output path that is a file, a full disk, a folder another run is
                // writing): one line, not a stack trace.
                Console.Error.WriteLine($"endodepth: {OneLine(io.Message)}");
                return IoFailure;
            case OperationCanceledException:
                Console.Error.WriteLine("endodepth: cancelled");
                return Cancelled;
            default:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
                return -1;
        }
    }

    /// <summary>
    /// The failure an <see cref="AggregateException"/> (from parallel loops and tasks) stands for: its first inner
    /// exception that is not a cancellation, else its first one.
    /// </summary>
    private static Exception Unwrap(Exception e)
    {
        if (e is not AggregateException a) return e;
        var inner = a.Flatten().InnerExceptions;
        if (inner.Count == 0) return e;
        return Unwrap(inner.FirstOrDefault(x => x is not OperationCanceledException) ?? inner[0]);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>A usage error detected by a command (bad option combination, unusable value).</summary>
public sealed class CommandLineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CommandLineException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public CommandLineException() { }

    /// <summary>Creates the exception.</summary>
    public CommandLineException(string message, Exception inner) : base(message, inner) { }
}
