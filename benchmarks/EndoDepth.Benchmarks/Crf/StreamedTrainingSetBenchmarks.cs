using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EndoDepth.Crf;
using EndoDepth.Crf.Training;
using EndoDepth.Datasets;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// One pass over a training split of 256×256 items with the default (paper) settings: a
/// <see cref="StreamedTrainingSet"/> of 2,000 and 20,000 items read by index, against the materialising
/// <see cref="TrainingData.Load"/> of 2,000. The "Peak WS" column is the benchmark process's peak working set over
/// the warm-up and measured iterations (on Linux the peak is reset after the set-up through /proc/self/clear_refs, so
/// it excludes building the data); it should not grow with the streamed set's size.
/// <para>
/// The data is built once under the temporary folder and kept: <see cref="BaseFiles"/> real image/depth pairs, and
/// per size a manifest whose items reference them in turn (paths relative, '../files/…'). Each item id still gets its
/// own cache file; the cache is filled by computing each real pair once and writing its preprocessing under every id
/// that uses it, which is what <see cref="StreamedTrainingSet.Prepare"/> would produce, minus the repeated SLIC.
/// </para>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PeakWorkingSetConfig))]
public class StreamedTrainingSetBenchmarks
{
    /// <summary>Real image/depth pairs the manifests' items reference.</summary>
    public const int BaseFiles = 200;
    private const int Size = 256;
    private static readonly string DataRoot = Path.Combine(Path.GetTempPath(), "endodepth-bench-streamed");
    private static readonly CrfModelSettings Settings = new();

    private StreamedTrainingSet set = null!;

    /// <summary>What one pass reads.</summary>
    public enum Mode
    {
        /// <summary>By index from a <see cref="StreamedTrainingSet"/>.</summary>
        Streamed,
        /// <summary>All at once through <see cref="TrainingData.Load"/>.</summary>
        Materialised,
    }

    /// <summary>A mode and a number of items.</summary>
    public sealed record Workload(Mode Mode, int Items)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Mode} {Items}";
    }

    /// <summary>The cases: streamed 2,000 and 20,000, materialised 2,000.</summary>
    public static IEnumerable<Workload> Workloads =>
        [new(Mode.Streamed, 2_000), new(Mode.Streamed, 20_000), new(Mode.Materialised, 2_000)];

    /// <summary>The case being run.</summary>
    [ParamsSource(nameof(Workloads))]
    public Workload Case { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        File.Delete(PeakWorkingSetColumn.PathOf(Case.ToString()));
        var folder = EnsureData(Case.Items);
        set = TrainingData.Open(folder, SplitName.Train, Settings);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var p = Process.GetCurrentProcess();
        Console.WriteLine($"// {Case}: working set after set-up {p.WorkingSet64 / (1 << 20)} MiB " +
            $"(peak so far {p.PeakWorkingSet64 / (1 << 20)} MiB)");
        ResetPeakWorkingSet();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using var p = Process.GetCurrentProcess();
        var mib = p.PeakWorkingSet64 / (double)(1 << 20);
        Console.WriteLine($"// {Case}: peak working set {mib:F0} MiB");
        File.WriteAllText(PeakWorkingSetColumn.PathOf(Case.ToString()),
            mib.ToString("F0", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Reads every example once (in order; the trainer's order is random, which reads the same files).
    /// </summary>
    [Benchmark]
    public long OnePass()
    {
        long nodes = 0;
        if (Case.Mode == Mode.Streamed)
            for (var i = 0; i < set.Count; i++) nodes += set[i].Graph.NodeCount;
        else
            foreach (var e in TrainingData.Load(set.Folder, SplitName.Train, Settings)) nodes += e.Graph.NodeCount;
        return nodes;
    }

    /// <summary>
    /// Resets the kernel's peak-RSS counter (VmHWM), which <see cref="Process.PeakWorkingSet64"/> reads on Linux.
    /// </summary>
    private static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine("// peak working set not reset: " + e.Message);
        }
    }

    /// <summary>
    /// Builds (once) the base files and a manifest of <paramref name="items"/> items with a filled cache.
    /// </summary>
    internal static DatasetFolder EnsureData(int items)
    {
        var files = Path.Combine(DataRoot, "files");
        var done = Path.Combine(files, "ready");
        if (!File.Exists(done))
        {
            for (var b = 0; b < BaseFiles; b++)
            {
                var (image, depth) = Item(b);
                PngFile.Write(Path.Combine(files, "images", $"b{b:D3}.png"), image);
                DepthFile.Write(Path.Combine(files, "depth", $"b{b:D3}.npy"), depth);
            }
            File.WriteAllText(done, "");
        }
        var folder = new DatasetFolder(Path.Combine(DataRoot, $"n{items}"));
        var ready = Path.Combine(folder.Root, "ready");
        if (File.Exists(ready)) return folder;
        var cam = new CameraRecord(CameraRecord.PinholeName, Size, Size, 230, 230, 128, 128, 100);
        folder.WriteManifest(Enumerable.Range(0, items).Select(i =>
            new DatasetItem($"i{i:D6}", $"s{i:D6}", null, $"../files/images/b{i % BaseFiles:D3}.png",
                $"../files/depth/b{i % BaseFiles:D3}.npy", cam, null, "synthetic")));
        var cache = new TrainingExampleCache(Path.Combine(folder.Root, TrainingData.CacheFolderName), Settings);
        var manifest = folder.ReadManifest();
        Parallel.For(0, BaseFiles, new ParallelOptions { MaxDegreeOfParallelism = 2 }, b =>
        {
            var first = manifest[b];
            var e = TrainingExample.Create(first.Id, folder.LoadImage(first), folder.LoadDepth(first), Settings);
            var imageStamp = SourceStamp.Of(folder.Resolve(first.Image));
            var depthStamp = SourceStamp.Of(folder.Resolve(first.Depth));
            for (var i = b; i < manifest.Count; i += BaseFiles)
                cache.Write(
                    new TrainingExample(manifest[i].Id, e.Image, e.NodeOfPixel, e.CentroidX, e.CentroidY, e.Graph,
                        e.Similarities, e.Targets),
                    imageStamp, depthStamp);
        });
        File.WriteAllText(ready, "");
        return folder;
    }

    /// <summary>A lit tilted, bumpy surface: intensity falls with depth (mm) squared.</summary>
    private static (ImageF Image, DepthMap Depth) Item(int seed)
    {
        var rng = new Random(seed);
        double d0 = 20 + 40 * rng.NextDouble(),
            gx = 30 * (rng.NextDouble() - 0.5),
            gy = 30 * (rng.NextDouble() - 0.5),
            f = 0.02 + 0.05 * rng.NextDouble();
        var image = new ImageF(Size, Size);
        var mm = new float[Size * Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var d = d0 + gx * x / Size + gy * y / Size + 4 * Math.Sin(x * f) * Math.Cos(y * f * 0.8);
                mm[y * Size + x] = (float)d;
                image[x, y] = (float)Math.Clamp(Math.Pow(25.0 / d, 2), 0, 1);
            }
        return (image, new DepthMap(Size, Size, mm));
    }

    /// <summary>Adds <see cref="PeakWorkingSetColumn"/>.</summary>
    private sealed class PeakWorkingSetConfig : ManualConfig
    {
        public PeakWorkingSetConfig() => AddColumn(new PeakWorkingSetColumn());
    }
}

/// <summary>
/// The peak working set each benchmark process recorded in its clean-up (a file per case under the temporary
/// folder: columns run in the host process, the benchmarks in their own).
/// </summary>
internal sealed class PeakWorkingSetColumn : IColumn
{
    public static string PathOf(string caseName) =>
        Path.Combine(Path.GetTempPath(), "endodepth-bench-streamed", "peak-" + caseName.Replace(' ', '-') + ".txt");

    public string Id => nameof(PeakWorkingSetColumn);
    public string ColumnName => "Peak WS (MiB)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Peak working set of the benchmark process over its iterations, MiB";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var name = benchmarkCase.Parameters.Items
            .FirstOrDefault(p => p.Name == nameof(StreamedTrainingSetBenchmarks.Case))?.Value?.ToString();
        var path = name is null ? null : PathOf(name);
        return path is not null && File.Exists(path) ? File.ReadAllText(path) : "?";
    }
}
