using System.Diagnostics;
using EndoDepth.Crf.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Tests;

[Collection(TorchCollection.Name)]
public class TorchLoadTests
{
    [Fact]
    public void Torch_loads_and_a_convolution_matches_the_hand_computed_sum()
    {
        TorchRuntime.Initialize(threads: 1);
        using var scope = NewDisposeScope();
        // 1×1×3×3 input 1..9, 2×2 kernel of ones, no padding: each output is the sum of a 2×2 window.
        var x = arange(1, 10, dtype: ScalarType.Float32).reshape(1, 1, 3, 3);
        var w = ones(1, 1, 2, 2);
        var y = nn.functional.conv2d(x, w).data<float>().ToArray();
        Assert.Equal([12f, 16f, 24f, 28f], y);
        // And backward works: d(sum y)/dw = sum of the windows.
        var wg = w.clone().requires_grad_(true);
        nn.functional.conv2d(x, wg).sum().backward();
        Assert.Equal([12f, 16f, 24f, 28f], wg.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Start_up_turns_nnpack_off_so_unsupported_cpus_log_nothing_per_convolution()
    {
        // On a CPU NNPACK does not support, every batched convolution logged "Could not initialize NNPACK!" to stderr
        // (68 lines in one demo here); libtorch checks this switch before it tries NNPACK.
        TorchRuntime.Initialize(threads: 1);
        Assert.False(TorchRuntime.NnpackEnabled());
        using var scope = NewDisposeScope();
        var y = nn.functional.conv2d(ones(16, 3, 32, 32), ones(8, 3, 3, 3)); // a batch NNPACK would be asked for
        Assert.Equal(27f, y[0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void An_explicit_thread_count_applies_even_after_torch_was_loaded_with_its_default()
    {
        // Bit-reproducible training depends on the thread count (CPU reductions split by thread), so a caller's
        // count must win over whatever loaded torch first in the process.
        TorchRuntime.Initialize();
        TorchRuntime.Initialize(threads: 2);
        Assert.Equal(2, torch.get_num_threads());
        TorchRuntime.Initialize(threads: 1);
        Assert.Equal(1, torch.get_num_threads());
        TorchRuntime.Initialize();
        Assert.Equal(1, torch.get_num_threads());
    }

    [Fact]
    public void Patch_script_marks_only_the_GLIBCXX_3_4_32_flag_and_only_on_old_libstdcxx()
    {
        // The library as NuGet ships it, from the package cache (read only; the script works on a copy).
        var shipped = FindShippedLibrary();
        var dir = Directory.CreateTempSubdirectory("endodepth-patch-");
        try
        {
            var copy = Path.Combine(dir.FullName, "libLibTorchSharp.so");
            File.Copy(shipped, copy);
            Directory.CreateDirectory(Path.Combine(dir.FullName, "cpu"));
            File.WriteAllText(Path.Combine(dir.FullName, "cpu", "libLibTorchSharp.so"), "stale");
            RunScript(dir.FullName);
            RunScript(dir.FullName); // idempotent
            var a = File.ReadAllBytes(shipped);
            var b = File.ReadAllBytes(copy);
            Assert.Equal(a.Length, b.Length);
            var diffs = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
            if (SystemLibstdcxxHas("GLIBCXX_3.4.32"))
            {
                Assert.Empty(diffs);
                Assert.True(Directory.Exists(Path.Combine(dir.FullName, "cpu")));
            }
            else
            {
                // Exactly one byte: vna_flags of the GLIBCXX_3.4.32 entry gains VER_FLG_WEAK (0x2).
                var i = Assert.Single(diffs);
                Assert.Equal(a[i] | 2, b[i]);
                Assert.False(Directory.Exists(Path.Combine(dir.FullName, "cpu")));
            }
        }
        finally { dir.Delete(true); }
    }

    private static void RunScript(string outDir)
    {
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "build",
            "patch-libtorchsharp.sh"));
        Assert.True(File.Exists(script), script);
        var psi = new ProcessStartInfo("sh", [script, outDir]) { RedirectStandardOutput = true,
            RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }

    private static string FindShippedLibrary()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget",
                       "packages");
        var f = Directory.EnumerateFiles(Path.Combine(root, "torchsharp"), "libLibTorchSharp.so",
            SearchOption.AllDirectories)
            .FirstOrDefault(p => p.Contains("linux-x64", StringComparison.Ordinal));
        Assert.NotNull(f);
        return f;
    }

    private static bool SystemLibstdcxxHas(string version)
    {
        foreach (var p in new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6" })
            if (File.Exists(p))
                return System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(p))
                    .Contains(version, StringComparison.Ordinal);
        return true;
    }
}
