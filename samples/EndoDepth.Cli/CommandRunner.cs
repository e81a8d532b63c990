using System.CommandLine;
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

    public static int Invoke(RootCommand root, string[] args)
    {
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception e) when (e is DataFileException or FileNotFoundException or DirectoryNotFoundException
                                      or ArgumentException or FormatException or InvalidDataException
                                      or NotSupportedException or UnauthorizedAccessException
                                      or CommandLineException)
        {
            Console.Error.WriteLine($"endodepth: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (EndoDepth.Crf.Training.TrainingDivergedException e)
        {
            // The settings did not train (the last checkpoint stays): one line, as for other bad arguments.
            Console.Error.WriteLine($"endodepth: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (IOException e)
        {
            // Other file-system failures (an output path that is a file, a full disk): one line, not a stack trace.
            Console.Error.WriteLine($"endodepth: {OneLine(e.Message)}");
            return IoFailure;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("endodepth: cancelled");
            return Cancelled;
        }
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
