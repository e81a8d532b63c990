using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EndoDepth.Crf.Dense;
using EndoDepth.Crf.Inference;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Runtime;
using EndoDepth.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace EndoDepth.Crf;

/// <summary>
/// The joint CNN-CRF (paper §2.4): the unary CNN z = h(θ) (eq. 3), the pairwise layer R = Σ_k β_k S^k (eq. 4) and the
/// Gaussian CRF (eq. 2, 5) whose MAP y = A⁻¹z is the predicted (log-)depth per superpixel.
/// </summary>
public sealed class CrfModel : IDisposable
{
    /// <summary>File kind of a saved model.</summary>
    internal const string ModelKind = "endodepth-crf-model";

    /// <summary>The settings (architecture, superpixels, similarities, target, dense output).</summary>
    public CrfModelSettings Settings { get; }
    /// <summary>The unary network.</summary>
    public UnaryNet Unary { get; }
    /// <summary>The pairwise layer.</summary>
    public PairwiseNet Pairwise { get; }
    /// <summary>The device the weights live on.</summary>
    public Device Device { get; private set; }

    private CrfModel(CrfModelSettings settings, Device device)
    {
        Settings = settings;
        Unary = new UnaryNet(settings.Unary);
        Pairwise = new PairwiseNet(settings.Pairwise.K);
        Device = torch.CPU;
        To(device);
    }

    /// <summary>A new model (He-initialised unary net, β = 1) after <c>torch.manual_seed(seed)</c>.</summary>
    public static CrfModel Create(CrfModelSettings settings, int seed = 0, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        TorchRuntime.Initialize();
        torch.manual_seed(seed);
        return new CrfModel(settings, device ?? torch.CPU);
    }

    /// <summary>Moves the weights to a device.</summary>
    public CrfModel To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Unary.to(device);
        Pairwise.to(device);
        Device = device;
        return this;
    }

    /// <summary>All parameters with stable names ("unary.…", "pairwise.…").</summary>
    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedParameters() =>
        Unary.named_parameters().Select(p => ("unary." + p.name, p.parameter))
            .Concat(Pairwise.named_parameters().Select(p => ("pairwise." + p.name, p.parameter)));

    /// <summary>True for parameters of the convolutional layers (frozen when fine-tuning).</summary>
    public static bool IsConvolutional(string name) => name.StartsWith("unary." + UnaryNet.ConvolutionPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The potentials: unary z (float64, one per patch; eq. 3) and edge weights R (float64, one per row of the E×K
    /// similarities; eq. 4). Differentiable.
    /// </summary>
    internal (Tensor Z, Tensor R) Potentials(Tensor patches, Tensor similarities)
    {
        var z = Unary.forward(patches.to(Device)).to(ScalarType.Float64);
        var r = Pairwise.forward(similarities.to(Device)).to(ScalarType.Float64);
        return (z, r);
    }

    /// <summary>Predicts the depth (mm) of every superpixel of a prepared image.</summary>
    public float[] PredictSuperpixels(PreparedImage prepared, CancellationToken cancellationToken = default) =>
        PredictSuperpixels(prepared, out _, cancellationToken);

    private float[] PredictSuperpixels(PreparedImage prepared, out (double Patches, double Cnn, double Crf) ms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Unary.eval(); Pairwise.eval();
        var seg = prepared.Segmentation;
        var sw = Stopwatch.StartNew();
        var zs = new List<Tensor>();
        double patchMs = 0;
        for (var start = 0; start < seg.Count; start += Settings.InferenceBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(Settings.InferenceBatch, seg.Count - start);
            var t0 = sw.Elapsed.TotalMilliseconds;
            var patches = PatchExtractor.Extract(prepared.Image, seg.CentroidX.AsSpan(start, count).ToArray(), seg.CentroidY.AsSpan(start, count).ToArray(), Settings.Unary.PatchSize);
            patchMs += sw.Elapsed.TotalMilliseconds - t0;
            zs.Add(Unary.forward(patches.to(Device)).to(ScalarType.Float64));
        }
        var z = cat(zs);
        var g = prepared.Graph;
        var r = Pairwise.forward(tensor(prepared.Similarities, [g.EdgeCount, Settings.Pairwise.K]).to(Device)).to(ScalarType.Float64);
        var cnnMs = sw.Elapsed.TotalMilliseconds - patchMs;
        var t1 = sw.Elapsed.TotalMilliseconds;
        var a = GaussianCrf.BuildA(r, tensor(g.From.Select(i => (long)i).ToArray()).to(Device), tensor(g.To.Select(i => (long)i).ToArray()).to(Device), seg.Count);
        var y = GaussianCrf.Map(a, z).cpu().data<double>().ToArray();
        ms = (patchMs, cnnMs, sw.Elapsed.TotalMilliseconds - t1);
        return y.Select(v => (float)Settings.FromTarget(v)).ToArray();
    }

    /// <summary>Predicts a dense depth map (mm) for an image.</summary>
    public DepthMap Predict(ImageF image, CancellationToken cancellationToken = default) => Predict(image, out _, cancellationToken);

    /// <summary>Predicts a dense depth map (mm) and reports where the time went.</summary>
    public DepthMap Predict(ImageF image, out PredictionTimings timings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var sw = Stopwatch.StartNew();
        var prepared = PreparedImage.Create(image, Settings, cancellationToken);
        var slicMs = sw.Elapsed.TotalMilliseconds;
        var mm = PredictSuperpixels(prepared, out var ms, cancellationToken);
        var t = sw.Elapsed.TotalMilliseconds;
        var dense = Settings.Dense.Fill == DenseFill.EdgeAware
            ? DenseDepth.EdgeAware(image, prepared.Segmentation, prepared.Graph, mm, prepared.Features.MeanGrey, Settings.Dense)
            : DenseDepth.Assign(prepared.Segmentation, mm);
        timings = new PredictionTimings(slicMs, ms.Patches, ms.Cnn, ms.Crf, sw.Elapsed.TotalMilliseconds - t);
        return dense;
    }

    /// <summary>The weights as named float32 arrays (copied to the CPU).</summary>
    internal List<ModelFile.Entry> Entries() =>
        NamedParameters().Select(p => ToEntry(p.Name, p.Parameter)).ToList();

    internal static ModelFile.Entry ToEntry(string name, Tensor t)
    {
        using var c = t.detach().cpu().to(ScalarType.Float32).contiguous();
        return new ModelFile.Entry(name, c.shape, c.data<float>().ToArray());
    }

    /// <summary>The header fields common to models and checkpoints.</summary>
    internal JsonObject Header(string kind) => new()
    {
        ["kind"] = kind,
        ["architecture"] = Settings.Architecture,
        ["settings"] = JsonSerializer.SerializeToNode(Settings, ModelFile.Json),
    };

    /// <summary>Saves settings and weights as one file, atomically.</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelFile.Write(path, Header(ModelKind), Entries());
    }

    /// <summary>
    /// Loads a model file. When <paramref name="expectedArchitecture"/> is given, a file of another architecture is
    /// refused.
    /// </summary>
    /// <exception cref="ModelFileException">Not a model file, damaged, or another architecture.</exception>
    public static CrfModel Load(string path, Device? device = null, string? expectedArchitecture = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (header, tensors) = ModelFile.Read(path);
        var model = FromHeader(path, header, expectedArchitecture, device);
        model.LoadWeights(path, tensors);
        return model;
    }

    internal static CrfModel FromHeader(string path, JsonObject header, string? expectedArchitecture, Device? device)
    {
        CrfModelSettings settings;
        try { settings = header["settings"].Deserialize<CrfModelSettings>(ModelFile.Json) ?? throw new ModelFileException(path, "no settings in the header"); }
        catch (JsonException e) { throw new ModelFileException(path, "malformed settings: " + e.Message, e); }
        var arch = header["architecture"]?.GetValue<string>();
        if (arch != settings.Architecture) throw new ModelFileException(path, $"header architecture '{arch}' does not match its settings ('{settings.Architecture}')");
        if (expectedArchitecture is not null && arch != expectedArchitecture)
            throw new ModelFileException(path, $"the file holds a model of architecture '{arch}', expected '{expectedArchitecture}'");
        TorchRuntime.Initialize();
        return new CrfModel(settings, device ?? torch.CPU);
    }

    /// <summary>Copies weights from a file's tensors; every parameter must be present with its shape.</summary>
    internal void LoadWeights(string path, IReadOnlyDictionary<string, ModelFile.Entry> tensors)
    {
        using var _ = no_grad();
        foreach (var (name, p) in NamedParameters())
        {
            if (!tensors.TryGetValue(name, out var e))
                throw new ModelFileException(path, $"architecture mismatch: parameter '{name}' is missing");
            if (!e.Shape.SequenceEqual(p.shape))
                throw new ModelFileException(path, $"architecture mismatch: parameter '{name}' has shape [{string.Join(',', e.Shape)}], the model needs [{string.Join(',', p.shape)}]");
            using var src = tensor(e.Values, e.Shape);
            p.copy_(src);
        }
    }

    /// <summary>Releases the native weights.</summary>
    public void Dispose()
    {
        Unary.Dispose();
        Pairwise.Dispose();
    }
}
