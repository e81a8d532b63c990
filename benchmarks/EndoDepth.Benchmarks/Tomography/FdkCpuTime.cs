using System.Diagnostics;
using System.Globalization;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tomography;

namespace EndoDepth.Benchmarks.Tomography;

/// <summary>
/// FdkBenchmarks.Fdk256's case timed by wall clock and by the process's CPU time, which a shared, loaded machine
/// inflates far less than the wall clock (CPU-seconds / cores ≈ the wall time on an idle machine when the work
/// parallelises). Run: <c>dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- fdk-cpu-time [RUNS]</c>.
/// </summary>
public static class FdkCpuTime
{
    /// <summary>Reconstructs RUNS times (3 by default) and prints wall and CPU seconds per run.</summary>
    public static int Run(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        const int n = 256, views = 360;
        var geometry = ScanGeometry.Cone(n, n, ScanGeometry.EvenlySpacedAngles(views), 512, 1024, 2, 2);
        var values = new float[geometry.ValueCount];
        for (var q = 0; q < values.Length; q++)
            values[q] = 1f + MathF.Sin(q % n * 0.05f) * MathF.Cos(q / n % n * 0.03f);
        var scan = new CtScan(geometry, values);
        var grid = ReconstructionGrid.Cube(n);
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        for (var run = 0; run < runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            FilteredBackProjection.ReconstructAttenuation(scan, grid, device: device);
            var wall = clock.Elapsed.TotalSeconds;
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FDK {n}^3 from {views} x {n}^2: wall {wall:F2} s, CPU {used:F2} s ({Environment.ProcessorCount} cores)"));
        }
        return 0;
    }
}
