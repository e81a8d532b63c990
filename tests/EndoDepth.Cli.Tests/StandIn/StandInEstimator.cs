using System.Text.Json;
using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Experiments;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.StandIn;

/// <summary>
/// A tiny shading-based depth regressor standing in for the CNN-CRF when a pipeline must run in seconds: per pixel, log
/// depth = w · standardised features of the grey image (log intensity and its square — the inverse-square falloff
/// makes log I ≈ c − 2 log d — two box-blurred log intensities for context, and the squared radius for
/// vignetting). The feature standardisation plays the role of the frozen convolutional layers when fine-tuning: only w
/// is trained.
/// </summary>
public sealed class StandInEstimator : IDepthEstimator
{
    /// <summary>Model kind written to the file.</summary>
    public const string Kind = "endodepth-standin-logdepth-v1";
    internal const int Features = 7;

    /// <summary>Feature means.</summary>
    public double[] Mean { get; }
    /// <summary>Feature standard deviations.</summary>
    public double[] Std { get; }
    /// <summary>Weights (first = bias).</summary>
    public double[] Weights { get; }

    /// <summary>Creates a model.</summary>
    public StandInEstimator(double[] mean, double[] std, double[] weights)
    {
        Mean = mean;
        Std = std;
        Weights = weights;
    }

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var f = FeatureMaps(image);
        var d = new DepthMap(image.Width, image.Height);
        var n = image.Width * image.Height;
        for (var i = 0; i < n; i++)
        {
            double z = Weights[0];
            for (var k = 1; k < Features; k++) z += Weights[k] * (f[k][i] - Mean[k]) / Std[k];
            d.Millimetres[i] = (float)Math.Exp(Math.Clamp(z, -3, 8));
            d.Valid[i] = true;
        }
        return d;
    }

    /// <inheritdoc />
    public IReadOnlyList<DepthMap> EstimateBatch(IReadOnlyList<ImageF> images, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var o = new List<DepthMap>(images.Count);
        foreach (var im in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            o.Add(Estimate(im, cancellationToken));
            progress?.Report(o.Count);
        }
        return o;
    }

    /// <summary>The feature planes (index 0 unused: the bias).</summary>
    internal static float[][] FeatureMaps(ImageF image)
    {
        var g = image.ToGrey();
        int w = g.Width, h = g.Height, n = w * h;
        var logI = new float[n];
        for (var y = 0; y < h; y++) for (var x = 0; x < w; x++) logI[y * w + x] = MathF.Log(g[x, y] + 0.01f);
        var sq = logI.Select(v => v * v).ToArray();
        var b1 = BoxBlur(logI, w, h, Math.Max(1, w / 16));
        var b2 = BoxBlur(logI, w, h, Math.Max(2, w / 5));
        var r2 = new float[n];
        var r2i = new float[n];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                float dx = (x + 0.5f - w / 2f) / (w / 2f), dy = (y + 0.5f - h / 2f) / (h / 2f);
                r2[y * w + x] = dx * dx + dy * dy;
                r2i[y * w + x] = r2[y * w + x] * logI[y * w + x];
            }
        return [new float[n], logI, sq, b1, b2, r2, r2i];
    }

    private static float[] BoxBlur(float[] src, int w, int h, int r)
    {
        var tmp = new float[src.Length];
        var dst = new float[src.Length];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                float s = 0; var c = 0;
                for (var k = Math.Max(0, x - r); k <= Math.Min(w - 1, x + r); k++) { s += src[y * w + k]; c++; }
                tmp[y * w + x] = s / c;
            }
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                float s = 0; var c = 0;
                for (var k = Math.Max(0, y - r); k <= Math.Min(h - 1, y + r); k++) { s += tmp[k * w + x]; c++; }
                dst[y * w + x] = s / c;
            }
        return dst;
    }

    /// <summary>Writes the model atomically.</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new ModelFile(Kind, Mean, Std, Weights)));

    /// <summary>Reads a model, refusing files of another kind.</summary>
    /// <exception cref="DataFileException">Malformed or another architecture.</exception>
    public static StandInEstimator Load(string path)
    {
        ModelFile? m;
        try { m = JsonSerializer.Deserialize<ModelFile>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new DataFileException(path, "not a stand-in model: " + e.Message, null, e); }
        if (m is null || m.Kind != Kind || m.Mean.Length != Features || m.Std.Length != Features
            || m.Weights.Length != Features)
            throw new DataFileException(path, $"not a {Kind} model");
        return new StandInEstimator(m.Mean, m.Std, m.Weights);
    }

    private sealed record ModelFile(string Kind, double[] Mean, double[] Std, double[] Weights);
}

/// <summary>Trains <see cref="StandInEstimator"/> by SGD on squared log-depth error (seeded, deterministic).</summary>
public sealed class StandInTrainer : IEstimatorTrainer
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <inheritdoc />
    public string Description => "stand-in shading regressor (log-depth from log-intensity features; not the CNN-CRF)";

    /// <inheritdoc />
    public string MethodName => "stand-in";

    /// <inheritdoc />
    public IReadOnlyList<double> Train(string dataRoot, string modelPath, int epochs, int seed,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var (folder, items) = Open(dataRoot);
        var samples = Samples(folder, items, cancellationToken);
        var mean = new double[StandInEstimator.Features];
        var std = new double[StandInEstimator.Features];
        mean[0] = 0; std[0] = 1;
        for (var k = 1; k < mean.Length; k++)
        {
            var vals = samples.SelectMany(s => s.F[k]).ToArray();
            mean[k] = vals.Average();
            std[k] = Math.Max(1e-6, Math.Sqrt(vals.Select(v => (v - mean[k]) * (v - mean[k])).Average()));
        }
        var model = new StandInEstimator(mean, std, new double[StandInEstimator.Features]);
        model.Weights[0] = samples.SelectMany(s => s.LogDepth).Average();
        var loss = Sgd(model, samples, epochs, seed, progress, cancellationToken);
        model.Save(modelPath);
        return loss;
    }

    /// <inheritdoc />
    public IReadOnlyList<double> FineTune(string baseModelPath, string dataRoot, string modelPath, int epochs, int seed,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var model = StandInEstimator.Load(baseModelPath);
        var (folder, items) = Open(dataRoot);
        var loss = Sgd(model, Samples(folder, items, cancellationToken), epochs, seed, progress, cancellationToken);
        model.Save(modelPath);
        return loss;
    }

    /// <inheritdoc />
    public IDepthEstimator Load(string modelPath) => StandInEstimator.Load(modelPath);

    /// <inheritdoc />
    public EndoDepth.Crf.CrfModelSettings? OracleSettings => null;

    private static (DatasetFolder, IReadOnlyList<DatasetItem>) Open(string root)
    {
        var folder = new DatasetFolder(root);
        var items = folder.ReadSplit(SplitName.Train);
        if (items.Count == 0) throw new DatasetException(root, "no training items");
        return (folder, items);
    }

    private sealed record Sample(float[][] F, float[] LogDepth, int[] Pixels);

    private static List<Sample> Samples(DatasetFolder folder, IReadOnlyList<DatasetItem> items, CancellationToken ct)
    {
        var list = new List<Sample>();
        foreach (var it in items)
        {
            ct.ThrowIfCancellationRequested();
            var f = StandInEstimator.FeatureMaps(folder.LoadImage(it));
            var d = folder.LoadDepth(it);
            var px = Enumerable.Range(0, d.Millimetres.Length).Where(i => d.Valid[i] && (i % 3 == 0)).ToArray();
            list.Add(new Sample(px.Length == 0 ? f : f.Select(p => px.Select(i => p[i]).ToArray()).ToArray(),
                px.Select(i => MathF.Log(d.Millimetres[i])).ToArray(), px));
        }
        return list;
    }

    private List<double> Sgd(StandInEstimator m, List<Sample> samples, int epochs, int seed,
        IProgress<double>? progress, CancellationToken ct)
    {
        var rng = new Random(seed);
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var losses = new List<double>();
        var x = new double[StandInEstimator.Features];
        for (var e = 0; e < epochs; e++)
        {
            rng.Shuffle(order);
            double sum = 0; long count = 0;
            foreach (var si in order)
            {
                ct.ThrowIfCancellationRequested();
                var s = samples[si];
                var grad = new double[x.Length];
                for (var p = 0; p < s.LogDepth.Length; p++)
                {
                    x[0] = 1;
                    for (var k = 1; k < x.Length; k++) x[k] = (s.F[k][p] - m.Mean[k]) / m.Std[k];
                    var r = x.Select((v, k) => v * m.Weights[k]).Sum() - s.LogDepth[p];
                    sum += r * r; count++;
                    for (var k = 0; k < x.Length; k++) grad[k] += r * x[k];
                }
                if (s.LogDepth.Length == 0) continue;
                for (var k = 0; k < x.Length; k++) m.Weights[k] -= LearningRate * grad[k] / s.LogDepth.Length;
            }
            losses.Add(count == 0 ? 0 : sum / count);
            progress?.Report((e + 1.0) / epochs);
        }
        return losses;
    }
}
