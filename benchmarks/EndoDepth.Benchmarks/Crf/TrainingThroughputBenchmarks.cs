using BenchmarkDotNet.Attributes;
using EndoDepth.Crf;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Training;
using EndoDepth.Imaging;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// One training step of the CNN-CRF (8 images, ~300 superpixels each, exact NLL, backward, SGD step, augmentation) at
/// 128² and 256², with the fully convolutional unary at the paper's widths (trunk over the whole image) and at the
/// compact widths the shipped model uses. Images/s = 8 / time. Superpixels are prepared in the set-up (cached on disk
/// when training from a folder).
/// </summary>
[MemoryDiagnoser]
public class TrainingThroughputBenchmarks
{
    private const int Batch = 8;
    private CrfModel model = null!;
    private CrfTrainer trainer = null!;
    private TrainingExample[] examples = null!;

    /// <summary>Image side.</summary>
    [Params(128, 256)]
    public int Size { get; set; }

    /// <summary>
    /// paper (conv 64-256-256-256-256, FC 4096-128-16) or compact (conv 32-64-64-64-64, FC 256-64-16), trunk at the
    /// image size.
    /// </summary>
    [Params("paper", "compact")]
    public string Net { get; set; } = "paper";

    [GlobalSetup]
    public void Setup()
    {
        CrfBenchmarkSetup.Initialize();
        var fcsp = Net == "paper" ? new FcspNetSettings(Size) : FcspNetSettings.Compact(Size);
        var settings = new CrfModelSettings { Fcsp = fcsp };
        model = CrfModel.Create(settings, seed: 1);
        trainer = new CrfTrainer(model, new TrainingSettings(Epochs: 1, ImagesPerStep: Batch));
        examples = Enumerable.Range(0, Batch).Select(i => Example(i, settings)).ToArray();
    }

    private TrainingExample Example(int seed, CrfModelSettings settings)
    {
        var image = new ImageF(Size, Size);
        var mm = new float[Size * Size];
        var rng = new Random(seed);
        double ox = rng.NextDouble() * 20 - 10, oy = rng.NextDouble() * 20 - 10;
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                // A tube seen from inside: far at the centre, near at the rim, lit by the inverse square.
                var r = Math.Sqrt(Math.Pow(x - Size / 2.0 - ox, 2) + Math.Pow(y - Size / 2.0 - oy, 2)) / (Size / 2.0);
                var d = 5 + 40 * Math.Exp(-3 * r) + Math.Sin(x * 0.2) * Math.Cos(y * 0.15);
                mm[y * Size + x] = (float)d;
                image[x, y] = (float)Math.Clamp(Math.Pow(8 / d, 2), 0, 1);
            }
        return TrainingExample.Create($"b{seed}", image, new DepthMap(Size, Size, mm), settings);
    }

    [GlobalCleanup]
    public void Cleanup() => model.Dispose();

    [Benchmark]
    public double TrainStep8() => trainer.Train(examples).EpochLosses[0];
}
