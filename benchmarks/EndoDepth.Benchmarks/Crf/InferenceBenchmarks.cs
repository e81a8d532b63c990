using BenchmarkDotNet.Attributes;
using EndoDepth.Crf;
using EndoDepth.Imaging;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// One 256×256 image through the default model (300 superpixels, 224×224 patches, the paper's net, per-patch CNN
/// evaluation): the whole prediction, and SLIC + graph + similarities alone. The per-stage breakdown is printed once
/// from <see cref="CrfModel.Predict(ImageF, out PredictionTimings, CancellationToken)"/>.
/// </summary>

public class InferenceBenchmarks
{
    private CrfModel model = null!;
    private ImageF image = null!;

    [GlobalSetup]
    public void Setup()
    {
        CrfBenchmarkSetup.Initialize();
        model = CrfModel.Create(new CrfModelSettings());
        image = new ImageF(256, 256);
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 256; x++)
            {
                double dx = x - 128, dy = y - 128;
                image[x, y] = (float)Math.Clamp(1.2 - Math.Sqrt(dx * dx + dy * dy) / 160 + 0.05 * Math.Sin(x * 0.3) * Math.Cos(y * 0.2), 0, 1);
            }
        model.Predict(image, out var t);
        Console.WriteLine($"// breakdown (ms): SLIC {t.SlicMs:F0}, patches {t.PatchesMs:F0}, CNN {t.CnnMs:F0}, CRF {t.CrfMs:F0}, dense {t.DenseMs:F0}, total {t.TotalMs:F0}");
    }

    [GlobalCleanup]
    public void Cleanup() => model.Dispose();

    [Benchmark]
    public int Predict256() => model.Predict(image).ValidCount;

    [Benchmark]
    public int Superpixels256() => PreparedImage.Create(image, model.Settings).Segmentation.Count;
}
