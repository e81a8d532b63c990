using System.Diagnostics;
using System.Globalization;
using EndoDepth.GpuCheck;
using EndoDepth.Rendering.Compute;

// The GPU check: every kernel of the library on the accelerator against the Parallel.For launcher (same inputs, same
// seeds), and the accelerator's timings. Usage: EndoDepth.GpuCheck [--backend cuda|ilgpu-cpu] [--size N] [--spp N]
// [--out DIR]. Without a CUDA device, --backend cuda exits 3; --backend ilgpu-cpu is the dry run on any machine.
var backend = ComputeBackend.Cuda;
int size = 256, spp = 64;
string? outDir = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--backend":
                backend = Next() switch
                {
                    "cuda" => ComputeBackend.Cuda,
                    "ilgpu-cpu" => ComputeBackend.IlgpuCpu,
                    var other => throw new ArgumentException($"--backend: cuda or ilgpu-cpu, got '{other}'"),
                };
                break;
            case "--size": size = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--spp": spp = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--out": outDir = Next(); break;
            default: Console.Error.WriteLine($"unknown argument '{args[i]}'"); return 2;
        }
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"gpu-check: {e.Message}");
    return 2;
}
if (size is < 16 or > 4096 || spp is < 1 or > 65536)
{
    Console.Error.WriteLine($"gpu-check: --size must be in 16..4096 and --spp in 1..65536, got {size} and {spp}");
    return 2;
}
if (backend == ComputeBackend.Cuda && !ComputeDevice.IsCudaAvailable())
{
    Console.Error.WriteLine("No CUDA device here; run with --backend ilgpu-cpu for the dry run.");
    return 3;
}

var clock = Stopwatch.StartNew();
using var device = new ComputeDevice(backend);
using var host = new ComputeDevice(ComputeBackend.ParallelFor);
Console.WriteLine($"device: {device.Backend} on {device.Accelerator.Name}; reference: Parallel.For on " +
    $"{Environment.ProcessorCount} cores; {size}² images, {spp} spp");
var report = new CheckReport(device.Accelerator.Name, size, spp);
ForwardModelCheck.Run(device, host, size, report);
CinematicCheck.Run(device, host, size, spp, report);
Console.WriteLine(report.ToMarkdown());
if (outDir is not null)
{
    Directory.CreateDirectory(outDir);
    File.WriteAllText(Path.Combine(outDir, "gpu-check.md"), report.ToMarkdown());
}
Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s; {(report.Passed ? "PASSED" : "FAILED")}");
return report.Passed ? 0 : 1;
