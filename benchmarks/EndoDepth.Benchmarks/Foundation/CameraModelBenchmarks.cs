using BenchmarkDotNet.Attributes;
using EndoDepth.Geometry;

namespace EndoDepth.Benchmarks.Foundation;

/// <summary>
/// Unprojecting every pixel of a 256×256 image and projecting the rays back, single-threaded, per lens model: the cost
/// of the bounded Newton inverses (Brown–Conrady unproject, Kannala–Brandt unproject, Scaramuzza project) against the
/// closed-form equidistant fisheye (baseline).
/// </summary>
public class CameraModelBenchmarks
{
    private CameraModel _camera;

    /// <summary>The lens model.</summary>
    [Params(ProjectionKind.EquidistantFisheye, ProjectionKind.BrownConrady, ProjectionKind.KannalaBrandt,
        ProjectionKind.Scaramuzza)]
    public ProjectionKind Kind { get; set; }

    /// <summary>A realistic endoscope camera of each model at 256² (parameters as in tests/fixtures/cameras).</summary>
    [GlobalSetup]
    public void Setup() => _camera = Kind switch
    {
        ProjectionKind.BrownConrady => CameraModel.BrownConrady(256, 256, 168f, 167f, 128.5f, 127.7f, -0.28f, 0.09f,
            0.0008f, -0.0005f, -0.012f),
        ProjectionKind.KannalaBrandt => CameraModel.KannalaBrandt(256, 256, 105f, 104.5f, 128.4f, 128.1f, -0.03f,
            0.004f, -0.0008f, 0.0001f),
        ProjectionKind.Scaramuzza => CameraModel.Scaramuzza(256, 256, 128.6f, 128.2f, 145.9f, 0f, -4.28e-3f,
            1.74e-5f, -1.75e-7f, 0f, 0.99999f, 0.00288f, -0.00296f),
        _ => CameraModel.Fisheye(256, 256, 140f),
    };

    /// <summary>Unproject all 65 536 pixel centres.</summary>
    [Benchmark]
    public float Unproject()
    {
        var sum = 0f;
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 256; x++)
            {
                _camera.Unproject(x + 0.5f, y + 0.5f, out var d);
                sum += d.Z;
            }
        return sum;
    }

    /// <summary>Project 65 536 rays (those of the pixel centres).</summary>
    [Benchmark]
    public float Project()
    {
        var sum = 0f;
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 256; x++)
            {
                var a = (x - 127.5f) / 256f * 2.4f;
                var b = (y - 127.5f) / 256f * 2.4f;
                _camera.Project(new Float3(MathF.Sin(a), MathF.Sin(b), 1.2f), out var u, out _);
                sum += u;
            }
        return sum;
    }
}
