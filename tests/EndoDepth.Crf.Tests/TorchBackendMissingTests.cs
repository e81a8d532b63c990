using EndoDepth.Crf.Runtime;

namespace EndoDepth.Crf.Tests;

/// <summary>
/// A missing torch backend (TorchSharp referenced without TorchSharp-cpu or a CUDA package): TorchSharp 0.107 prints
/// its ~50-line search trace to stdout and throws a TypeInitializationException around a NotSupportedException. The
/// failure here is TorchSharp's, reproduced through <see cref="TorchRuntime.LoadBackend"/> (the real one, without a
/// backend, is run end to end by the CLI test <c>TorchBackendTests</c>).
/// </summary>
[Collection(TorchCollection.Name)]
public class TorchBackendMissingTests
{
    // TorchSharp 0.107.0's message, as it printed and threw it in an app that referenced TorchSharp alone.
    private const string TorchSharpMessage =
        "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, " +
        "Version=2.10.0.0.\n\nConsider referencing one of the combination packages TorchSharp-cpu, " +
        "TorchSharp-cuda-linux, TorchSharp-cuda-windows or call System.Runtime.InteropServices.NativeLibrary.Load(" +
        "path-to-libLibTorchSharp.so) explicitly for a Python install of pytorch.\n\nTrace from LoadNativeBackend:\n";

    [Fact]
    public void A_failed_load_is_one_typed_line_that_names_the_package_to_reference_and_prints_nothing()
    {
        var console = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(console);
        Console.SetError(console);
        TorchBackendMissingException? e;
        try
        {
            e = Assert.Throws<TorchBackendMissingException>(() => TorchRuntime.LoadBackend(() =>
            {
                for (var i = 0; i < 50; i++) Console.WriteLine($"    Trying to load native component {i}");
                throw new TypeInitializationException("TorchSharp.torch", new NotSupportedException(TorchSharpMessage));
            }));
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.Equal("", console.ToString());                              // the trace did not reach the console
        Assert.DoesNotContain('\n', e.Message);                            // one line
        Assert.StartsWith("TorchSharp's native backend could not be loaded: add a package reference to " +
            "TorchSharp-cpu", e.Message);
        Assert.Contains("libtorch-cpu-linux-x64", e.Message);              // TorchSharp's reason, first line only
        Assert.DoesNotContain("docs/crf.md", e.Message);                   // nothing a package user does not have
        Assert.Contains("Trying to load native component 49", e.LoaderOutput);
        Assert.IsType<TypeInitializationException>(e.InnerException);
        Assert.IsAssignableFrom<InvalidOperationException>(e);            // what Initialize documented before
    }

    [Fact]
    public void A_successful_load_passes_what_was_written_meanwhile_on_to_the_console()
    {
        var console = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(console);
        var before = Console.Out;                                          // Console wraps it in a synchronised writer
        try
        {
            TorchRuntime.LoadBackend(() => Console.Write("written while loading"));
            Assert.Same(before, Console.Out);                              // the console is given back
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
        Assert.Equal("written while loading", console.ToString());
    }

    [Fact]
    public void Other_failures_are_not_mistaken_for_a_missing_backend()
    {
        Assert.Throws<ArgumentException>(() => TorchRuntime.LoadBackend(() => throw new ArgumentException("x")));
    }

    [Fact]
    public void A_native_library_the_loader_refuses_is_reported_in_the_loader_s_words_not_as_a_missing_package()
    {
        var folder = Directory.CreateTempSubdirectory("endodepth-native-").FullName;
        try
        {
            Assert.Null(TorchRuntime.NativeLoadError(folder)); // no library: the package advice stands
            var name = OperatingSystem.IsWindows() ? "LibTorchSharp.dll"
                : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";
            File.WriteAllText(Path.Combine(folder, name), "not a shared library");
            var why = TorchRuntime.NativeLoadError(folder);
            Assert.False(string.IsNullOrWhiteSpace(why));
            var e = new TorchBackendMissingException(new NotSupportedException(TorchSharpMessage), "", why);
            Assert.StartsWith("TorchSharp's native library is present but the system loader refused it",
                e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("add a package reference", e.Message, StringComparison.Ordinal);
            Assert.Single(e.Message.Split('\n'));
        }
        finally { Directory.Delete(folder, true); }
        // Debian 12's loader on TorchSharp 0.107's unpatched library: the advice names the build targets that patch it.
        var old = TorchBackendMissingException.NotLoadable("/app/libLibTorchSharp.so: /lib/x86_64-linux-gnu/" +
            "libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)");
        Assert.Contains("GLIBCXX_3.4.32", old, StringComparison.Ordinal);
        Assert.Contains("EndoDepth.Crf.targets", old, StringComparison.Ordinal);
    }
}
