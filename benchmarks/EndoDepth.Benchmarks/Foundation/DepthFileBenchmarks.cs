using BenchmarkDotNet.Attributes;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Benchmarks.Foundation;

/// <summary>
/// Writing and reading one 1024×1024 depth map in memory: .npy (float32) and 16-bit PNG, against copying the raw
/// float32 bytes (the floor any format pays).
/// </summary>
[MemoryDiagnoser]
public class DepthFileBenchmarks
{
    private DepthMap _depth = null!;
    private byte[] _npy = [];
    private byte[] _png = [];
    private byte[] _raw = [];

    /// <summary>Image side (pixels).</summary>
    [Params(1024)]
    public int Size { get; set; }

    /// <summary>A smooth depth map (a tilted plane with a bump), 5% invalid.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var mm = new float[Size * Size];
        var rng = new Random(2);
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
                mm[y * Size + x] = rng.NextDouble() < 0.05
                    ? 0f
                    : 20f + 0.05f * x + 30f * MathF.Exp(-((x - 512f) * (x - 512f) + (y - 400f) * (y - 400f)) / 20000f);
        _depth = new DepthMap(Size, Size, mm);
        _raw = new byte[mm.Length * 4];
        Buffer.BlockCopy(mm, 0, _raw, 0, _raw.Length);
        _npy = WriteNpy();
        _png = WritePng16();
    }

    /// <summary>Copy of the raw float32 bytes (baseline).</summary>
    [Benchmark(Baseline = true)]
    public byte[] RawCopy() => (byte[])_raw.Clone();

    /// <summary>.npy write.</summary>
    [Benchmark]
    public byte[] WriteNpy()
    {
        using var ms = new MemoryStream(Size * Size * 4 + 128);
        NpyFile.WriteFloat32(ms, _depth.Millimetres, [Size, Size]);
        return ms.ToArray();
    }

    /// <summary>.npy read (to a float64 array, then a depth map).</summary>
    [Benchmark]
    public int ReadNpy() => NpyFile.Read(new MemoryStream(_npy), "bench.npy").Values.Length;

    /// <summary>.npy read as a depth map (straight to float32).</summary>
    [Benchmark]
    public int ReadNpyDepth() => NpyFile.ReadDepth(new MemoryStream(_npy), "bench.npy").ValidCount;

    /// <summary>16-bit PNG write (zlib, fastest level).</summary>
    [Benchmark]
    public byte[] WritePng16()
    {
        using var ms = new MemoryStream();
        DepthPng.Write(ms, _depth);
        return ms.ToArray();
    }

    /// <summary>16-bit PNG read.</summary>
    [Benchmark]
    public int ReadPng16() => DepthPng.Read(new MemoryStream(_png), "bench.png").ValidCount;
}
