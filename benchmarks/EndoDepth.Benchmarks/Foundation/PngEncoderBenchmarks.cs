using BenchmarkDotNet.Attributes;
using EndoDepth.Imaging;
using EndoDepth.IO;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using OurEncoder = EndoDepth.IO.PngEncoder;
using SharpEncoder = SixLabors.ImageSharp.Formats.Png.PngEncoder;

namespace EndoDepth.Benchmarks.Foundation;

/// <summary>
/// The PNG encoder on what `synth` writes per item: one 256² frame of the synthetic endoscope (item 0 of the default
/// settings) as an 8-bit grey PNG, and its depth as a 16-bit grey PNG at 0.01 mm per unit. The project's own encoder
/// (Sub rows, the runtime's zlib at its fastest level; baseline) against ImageSharp 2.1.13's, at its defaults and at
/// its fastest settings (Sub filter, BestSpeed), each into memory. ImageSharp's cost includes wrapping the samples in
/// an Image (what the switch would add). Rule: keep our encoder only if ImageSharp's fastest is ≥ 2× slower.
/// </summary>
[MemoryDiagnoser]
public class PngEncoderBenchmarks
{
    private byte[] _grey = [], _depthBigEndian = [];
    private ushort[] _depth = [];
    private const int Side = 256;
    private readonly MemoryStream _sink = new();

    private static readonly SharpEncoder Defaults8 = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
    private static readonly SharpEncoder Fastest8 = new()
    {
        ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8, FilterMethod = PngFilterMethod.Sub,
        CompressionLevel = PngCompressionLevel.BestSpeed,
    };
    private static readonly SharpEncoder Defaults16 = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 };
    private static readonly SharpEncoder Fastest16 = new()
    {
        ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16, FilterMethod = PngFilterMethod.Sub,
        CompressionLevel = PngCompressionLevel.BestSpeed,
    };

    /// <summary>Renders the frame once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        var (_, frame) = new SyntheticDatasetGenerator(new SyntheticDatasetSettings { Width = Side, Height = Side },
            device).RenderItem(0);
        _grey = frame.Image.ToBytes();
        _depth = frame.Depth.Millimetres.Select((mm, i) =>
            frame.Depth.Valid[i] ? (ushort)Math.Clamp(Math.Round(mm / 0.01), 1, 65535) : (ushort)0).ToArray();
        _depthBigEndian = new byte[2 * _depth.Length];
        for (var i = 0; i < _depth.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(_depthBigEndian.AsSpan(2 * i), _depth[i]);
    }

    /// <summary>Our encoder, 8-bit grey.</summary>
    [Benchmark(Baseline = true)]
    public long Grey8_ours()
    {
        _sink.SetLength(0);
        OurEncoder.Write(_sink, _grey, Side, Side, 1, 8);
        return _sink.Length;
    }

    /// <summary>ImageSharp at its defaults, 8-bit grey.</summary>
    [Benchmark]
    public long Grey8_imagesharp_defaults() => Sharp8(Defaults8);

    /// <summary>ImageSharp at its fastest, 8-bit grey.</summary>
    [Benchmark]
    public long Grey8_imagesharp_fastest() => Sharp8(Fastest8);

    /// <summary>Our encoder, 16-bit depth.</summary>
    [Benchmark]
    public long Depth16_ours()
    {
        _sink.SetLength(0);
        OurEncoder.Write(_sink, _depthBigEndian, Side, Side, 1, 16);
        return _sink.Length;
    }

    /// <summary>ImageSharp at its defaults, 16-bit depth.</summary>
    [Benchmark]
    public long Depth16_imagesharp_defaults() => Sharp16(Defaults16);

    /// <summary>ImageSharp at its fastest, 16-bit depth.</summary>
    [Benchmark]
    public long Depth16_imagesharp_fastest() => Sharp16(Fastest16);

    private long Sharp8(SharpEncoder encoder)
    {
        _sink.SetLength(0);
        using var image = Image.LoadPixelData<L8>(_grey, Side, Side);
        image.SaveAsPng(_sink, encoder);
        return _sink.Length;
    }

    private long Sharp16(SharpEncoder encoder)
    {
        _sink.SetLength(0);
        using var image = Image.LoadPixelData<L16>(System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, L16>(
            _depth.AsSpan()), Side, Side);
        image.SaveAsPng(_sink, encoder);
        return _sink.Length;
    }
}
