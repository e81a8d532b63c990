using BenchmarkDotNet.Attributes;
using EndoDepth.Crf;
using EndoDepth.Crf.Networks;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// One 256×256 image through the default model at the paper's widths and 300 superpixels: the fully convolutional
/// unary with superpixel pooling (DCNF-FCSP, the default; trunk conv 64-256-256-256-256 over the 256 px image) against
/// the paper's per-patch unary (224×224 patches, the same widths), and SLIC + graph + similarities alone. The per-stage
/// breakdown of each is printed once from
/// <see cref="CrfModel.Predict(ImageF, CameraModel?, out PredictionTimings, CancellationToken)"/>.
/// </summary>
public class InferenceBenchmarks
{
    private CrfModel fcsp = null!;
    private CrfModel patch = null!;
    private ImageF image = null!;

    [GlobalSetup]
    public void Setup()
    {
        CrfBenchmarkSetup.Initialize();
        fcsp = CrfModel.Create(new CrfModelSettings());
        patch = CrfModel.Create(new CrfModelSettings { UnaryKind = UnaryKind.Patch });
        image = new ImageF(256, 256);
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 256; x++)
            {
                double dx = x - 128, dy = y - 128;
                image[x, y] = (float)Math.Clamp(
                    1.2 - Math.Sqrt(dx * dx + dy * dy) / 160 + 0.05 * Math.Sin(x * 0.3) * Math.Cos(y * 0.2), 0, 1);
            }
        foreach (var (name, model) in new[] { ("fcsp", fcsp), ("patch", patch) })
        {
            model.Predict(image, null, out var t);
            Console.WriteLine($"// {name} breakdown (ms): SLIC {t.SlicMs:F0}, unary {t.UnaryMs:F0}, " +
                $"CRF {t.CrfMs:F0}, dense {t.DenseMs:F0}, total {t.TotalMs:F0}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        fcsp.Dispose();
        patch.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int PredictPatch256() => patch.Predict(image).ValidCount;

    [Benchmark]
    public int PredictFcsp256() => fcsp.Predict(image).ValidCount;

    [Benchmark]
    public int Superpixels256() => PreparedImage.Create(image, fcsp.Settings).Segmentation.Count;
}
