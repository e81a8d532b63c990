using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Runtime;

/// <summary>
/// One-time TorchSharp start-up: loads the native backend (one line saying what to reference when it cannot), turns NNPACK off (see
/// <c>DisableNnpack</c>), sets the CPU thread count once and picks the device (CUDA when torch reports it, else CPU). Before the first load it asks OpenMP to
/// sleep rather than spin while waiting (<c>OMP_WAIT_POLICY=PASSIVE</c>, unless the environment already says): on a
/// machine busy with other work, spinning threads steal the cores their own team waits for (measured here at load 14
/// on 2 cores: 200 predictions took 20.5 s spinning, 11.6 s passive, 14.1 s on one thread).
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialised;

    /// <summary>
    /// Loads torch (once per process) and, when <paramref name="threads"/> is given, sets the number of intra-op CPU
    /// threads — on every call, so a caller that needs bit-reproducible results (torch's CPU reductions depend on the
    /// thread count) gets its count even when something else loaded torch first.
    /// </summary>
    /// <param name="threads">Intra-op CPU threads; null keeps the current count (torch's default at first
    /// load).</param>
    /// <exception cref="TorchBackendMissingException">The native TorchSharp backend could not be loaded (no backend
    /// package referenced, or its libraries do not load here); its message says in one line what to reference.
    /// </exception>
    public static void Initialize(int? threads = null)
    {
        lock (Gate)
        {
            if (_initialised)
            {
                if (threads is { } n) torch.set_num_threads(Math.Max(1, n));
                return;
            }
            if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            {
                // libgomp reads the native environment when libtorch loads; .NET's SetEnvironmentVariable does not
                // reach it.
                try { _ = SetEnv("OMP_WAIT_POLICY\0"u8.ToArray(), "PASSIVE\0"u8.ToArray(), 0); }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                    // a libc without setenv: keep OpenMP's default
                }
                Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");
            }
            LoadBackend(() =>
            {
                if (threads is { } t) torch.set_num_threads(Math.Max(1, t));
                _ = torch.cuda.is_available();
            });
            DisableNnpack();
            _initialised = true;
        }
    }

    /// <summary>
    /// Runs <paramref name="load"/>, the first touch of TorchSharp, which loads the native backend. TorchSharp prints
    /// its search trace (some 50 lines) to the console when that fails and then throws; here the console is captured
    /// meanwhile, so a failure is one <see cref="TorchBackendMissingException"/> whose message says what to reference
    /// (the trace is kept in <see cref="TorchBackendMissingException.LoaderOutput"/>). On success anything written
    /// meanwhile (by TorchSharp or another thread) is passed on to the console unchanged.
    /// </summary>
    internal static void LoadBackend(Action load)
    {
        TextWriter stdout = Console.Out, stderr = Console.Error;
        using var captured = new StringWriter();
        var capture = TextWriter.Synchronized(captured);
        Console.SetOut(capture);
        Console.SetError(capture);
        try
        {
            load();
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException
                                      or EntryPointNotFoundException or BadImageFormatException)
        {
            Restore();
            throw new TorchBackendMissingException(e, captured.ToString(), NativeLoadError(AppContext.BaseDirectory));
        }
        finally
        {
            Restore();
        }
        if (captured.GetStringBuilder().Length > 0) stdout.Write(captured.ToString());

        void Restore()
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    /// <summary>
    /// Why the system loader refuses the application's own copy of TorchSharp's native library (its words, e.g. a
    /// missing GLIBCXX version), or null when the application carries none or it loads: TorchSharp's trace says only
    /// that loading failed.
    /// </summary>
    internal static string? NativeLoadError(string applicationFolder)
    {
        var name = OperatingSystem.IsWindows() ? "LibTorchSharp.dll"
            : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";
        var candidates = new[] { applicationFolder, Path.Combine(applicationFolder, "runtimes",
                RuntimeInformation.RuntimeIdentifier, "native") }
            .Select(folder => Path.Combine(folder, name)).Where(File.Exists);
        foreach (var path in candidates)
        {
            try { NativeLibrary.Free(NativeLibrary.Load(path)); }
            catch (DllNotFoundException e) { return e.Message; }
            catch (BadImageFormatException e) { return e.Message; }
        }
        return null;
    }

    /// <summary>
    /// Turns NNPACK off in libtorch's global context (<c>at::globalContext().setUserEnabledNNPACK(false)</c>; TorchSharp
    /// has no switch for it). On a CPU NNPACK does not support, libtorch otherwise tries it on every batched
    /// convolution and logs "Could not initialize NNPACK! Reason: Unsupported hardware." each time (68 lines in one
    /// `demo`); on any CPU, convolutions then take libtorch's other CPU paths. Best effort: where the symbols are not
    /// there (another platform's name mangling, another libtorch), nothing changes.
    /// </summary>
    private static void DisableNnpack()
    {
        if (OperatingSystem.IsWindows()) return;
        try { SetUserEnabledNnpack(GlobalContext(), false); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>Whether NNPACK is enabled in libtorch's global context (null where that cannot be asked).</summary>
    internal static bool? NnpackEnabled()
    {
        if (OperatingSystem.IsWindows()) return null;
        try { return UserEnabledNnpack(GlobalContext()); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext(); // at::globalContext()

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);

    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite); // NUL-terminated UTF-8

    /// <summary>
    /// The device to compute on: CUDA when <paramref name="preferCuda"/> and torch reports it, else CPU.
    /// </summary>
    public static Device SelectDevice(bool preferCuda = true)
    {
        Initialize();
        return preferCuda && torch.cuda.is_available() ? torch.CUDA : torch.CPU;
    }

    /// <summary>Parses a device name: "auto" (CUDA when available), "cpu" or "cuda[:N]".</summary>
    /// <exception cref="ArgumentException">Unknown name, or CUDA asked for but not available.</exception>
    public static Device ParseDevice(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Initialize();
        if (name.Equals("auto", StringComparison.OrdinalIgnoreCase)) return SelectDevice();
        if (name.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return torch.CPU;
        if (name.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"Device '{name}' asked for, but torch reports no CUDA (the app " +
                    $"references a CPU backend, or no GPU).", nameof(name));
            return torch.device(name.ToLowerInvariant());
        }
        throw new ArgumentException($"Unknown device '{name}' (expected auto, cpu or cuda[:N]).", nameof(name));
    }
}
