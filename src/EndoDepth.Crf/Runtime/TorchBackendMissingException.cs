namespace EndoDepth.Crf.Runtime;

/// <summary>
/// TorchSharp's native backend (libtorch and libLibTorchSharp) could not be loaded: the application references
/// TorchSharp but no backend package, or the backend's native libraries cannot be loaded on this machine. The message
/// is one line that says what to reference; <see cref="Exception.InnerException"/> keeps TorchSharp's own error and
/// <see cref="LoaderOutput"/> the trace TorchSharp printed while it tried.
/// </summary>
public sealed class TorchBackendMissingException : InvalidOperationException
{
    /// <summary>The one-line advice every instance starts its message with.</summary>
    internal const string Advice = "TorchSharp's native backend could not be loaded: add a package reference to " +
        "TorchSharp-cpu (or TorchSharp-cuda-linux / TorchSharp-cuda-windows for CUDA) to the application";

    /// <summary>What TorchSharp printed while it tried to load its backend (its search trace); empty when nothing.</summary>
    public string LoaderOutput { get; } = "";

    /// <summary>Creates the exception from the loader's failure and what it printed.</summary>
    /// <param name="reason">TorchSharp's exception (the inner exception).</param>
    /// <param name="loaderOutput">What TorchSharp wrote to the console while loading.</param>
    public TorchBackendMissingException(Exception reason, string loaderOutput)
        : this(reason, loaderOutput, null) { }

    /// <summary>
    /// As above, when the application does carry TorchSharp's native library but the system loader refused it
    /// (<paramref name="nativeLoadError"/>, the loader's own words): then the package is there and the message says
    /// why the library does not load — most often a libstdc++ older than GCC 13's, which EndoDepth.Crf's build targets
    /// patch in the application's copy.
    /// </summary>
    internal TorchBackendMissingException(Exception reason, string loaderOutput, string? nativeLoadError)
        : base(nativeLoadError is null ? $"{Advice} ({FirstSentence(reason)})." : NotLoadable(nativeLoadError), reason) =>
        LoaderOutput = loaderOutput;

    /// <summary>The message when the native library is present but the system loader refuses it.</summary>
    internal static string NotLoadable(string loaderError)
    {
        var why = loaderError.ReplaceLineEndings(" ").Trim();
        return why.Contains("GLIBCXX_", StringComparison.Ordinal)
            ? $"TorchSharp's native library is present but needs a newer libstdc++ than this system has ({why}); " +
              "EndoDepth.Crf's build targets patch the application's copy (a package reference imports them; a " +
              "project reference needs <Import Project=\"…/build/EndoDepth.Crf.targets\" />; see the README, " +
              "\"TorchSharp on older Linux\")."
            : $"TorchSharp's native library is present but the system loader refused it ({why}).";
    }

    /// <summary>Creates the exception.</summary>
    public TorchBackendMissingException() : base(Advice + ".") { }

    /// <summary>Creates the exception.</summary>
    public TorchBackendMissingException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TorchBackendMissingException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The first sentence of the innermost error: TorchSharp's "doesn't contain a reference to …" or "is not
    /// restored on this system", or the loader's reason.</summary>
    private static string FirstSentence(Exception e)
    {
        while (e is TypeInitializationException { InnerException: { } inner }) e = inner;
        var text = e.Message.ReplaceLineEndings(" ").Trim();
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 ? text[..end] : text;
        return sentence.Length == 0 ? e.GetType().Name : sentence.TrimEnd('.');
    }
}
