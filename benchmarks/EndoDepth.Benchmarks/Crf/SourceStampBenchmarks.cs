using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EndoDepth.Crf.Training;
using EndoDepth.Datasets;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// What it costs to notice that a cached example's sources changed, per item of 256×256 (PNG image + float32 .npy
/// depth, warm page cache): their length and last-write time (what the cache records), against a SHA-256 of their
/// content. Hashing also reads the depth, which a cache hit otherwise never opens.
/// </summary>
[MemoryDiagnoser]
public class SourceStampBenchmarks
{
    private string image = null!, depth = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = StreamedTrainingSetBenchmarks.EnsureData(2_000);
        var item = folder.ReadManifest()[0];
        image = folder.Resolve(item.Image);
        depth = folder.Resolve(item.Depth);
        Console.WriteLine($"// image {new FileInfo(image).Length} bytes, depth {new FileInfo(depth).Length} bytes");
    }

    [Benchmark(Baseline = true)]
    public long LengthAndTime() => SourceStamp.Of(image).LastWriteTicks ^ SourceStamp.Of(depth).LastWriteTicks;

    [Benchmark]
    public int ContentHash()
    {
        using var a = File.OpenRead(image);
        using var b = File.OpenRead(depth);
        return SHA256.HashData(a)[0] ^ SHA256.HashData(b)[0];
    }
}
