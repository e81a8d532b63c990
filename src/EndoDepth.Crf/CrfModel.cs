using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EndoDepth.Crf.Dense;
using EndoDepth.Crf.Inference;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Runtime;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace EndoDepth.Crf;

/// <summary>
/// The joint CNN-CRF (paper §2.4): the unary CNN z = h(θ) (eq. 3), the pairwise layer R = Σ_k β_k S^k (eq. 4) and
/// the Gaussian CRF (eq. 2, 5) whose MAP y = A⁻¹z is the predicted (log-)depth per superpixel.
/// </summary>
public sealed class CrfModel : IDisposable
{
    /// <summary>File kind of a saved model.</summary>
    internal const string ModelKind = "endodepth-crf-model";

    /// <summary>The settings (architecture, superpixels, similarities, target, dense output).</summary>
    public CrfModelSettings Settings { get; private set; }
    /// <summary>The learnable parts (unary network and pairwise layer) as one module.</summary>
    public CrfNetwork Network { get; }
    /// <summary>The pairwise layer.</summary>
    public PairwiseNet Pairwise => Network.Pairwise;
    /// <summary>The device the weights live on.</summary>
    public Device Device { get; private set; }

    private CrfModel(CrfModelSettings settings, Device device)
    {
        Settings = settings;
        Network = new CrfNetwork(settings);
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

    /// <summary>
    /// Switches how superpixel depths become a dense map (not learned, so any trained model can use either fill); saved
    /// with the model from then on.
    /// </summary>
    public CrfModel UseDenseFill(DenseSettings dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        Settings = Settings with { Dense = dense };
        return this;
    }

    /// <summary>Moves the weights to a device.</summary>
    public CrfModel To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Network.to(device);
        Device = device;
        return this;
    }

    /// <summary>All parameters with stable names ("unary.…", "pairwise.…").</summary>
    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedParameters() =>
        Network.named_parameters().Select(p => (p.name, p.parameter));

    /// <summary>True for parameters of the convolutional layers (frozen when fine-tuning).</summary>
    public static bool IsConvolutional(string name) => CrfNetwork.IsConvolutional(name);

    /// <summary>
    /// The unary potentials z = h(θ) (eq. 3) of a batch of images, float64, one tensor of one value per node each;
    /// differentiable. The fully convolutional unary runs its trunk once per batch of equal-sized images.
    /// </summary>
    internal IReadOnlyList<Tensor> Unaries(IReadOnlyList<CrfInput> batch)
    {
        if (Network.Unary is FcspUnaryNet fcsp) return FcspUnaries(fcsp, batch);
        var net = (UnaryNet)Network.Unary;
        return batch.Select(input => PatchUnaries(net, input, 0, input.Nodes)).ToList();
    }

    /// <summary>
    /// The per-patch unary of nodes start … start + count − 1, in chunks of
    /// <see cref="CrfModelSettings.InferenceBatch"/>.
    /// </summary>
    internal Tensor PatchUnaries(UnaryNet net, CrfInput input, int start, int count)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (var s = start; s < start + count; s += Settings.InferenceBatch)
        {
            var n = Math.Min(Settings.InferenceBatch, start + count - s);
            var patches = PatchExtractor.Extract(input.Image, input.CentroidX.AsSpan(s, n).ToArray(),
                input.CentroidY.AsSpan(s, n).ToArray(), Settings.Unary.PatchSize);
            parts.Add(net.forward(patches.to(Device)));
        }
        return (parts.Count == 1 ? parts[0] : cat(parts)).to(ScalarType.Float64).MoveToOuterDisposeScope();
    }

    private List<Tensor> FcspUnaries(FcspUnaryNet net, IReadOnlyList<CrfInput> batch)
    {
        var z = new Tensor[batch.Count];
        // One trunk pass per group of equal-sized images.
        foreach (var group in Enumerable.Range(0, batch.Count)
            .GroupBy(i => (batch[i].Image.Width, batch[i].Image.Height)))
        {
            using var scope = NewDisposeScope();
            var index = group.ToArray();
            var images = cat(index.Select(i => SuperpixelPooling.TrunkInput(batch[i].Image, net.Settings.InputSize))
                .ToArray()).to(Device);
            var features = net.forward(images);                                    // B×C×h×w
            long c = features.shape[1], h = features.shape[2], w = features.shape[3];
            for (var k = 0; k < index.Length; k++)
            {
                var input = batch[index[k]];
                var f = features[k].view(c, h * w).t();                            // (h·w)×C
                var pool = SuperpixelPooling.Matrix(input.NodeOfPixel, input.Image.Width, input.Image.Height,
                    input.Nodes, (int)h, (int)w).to(Device);
                var pooled = pool.mm(f);                                           // n×C
                if (net.Settings.Cues)
                {
                    var cues = SuperpixelCues.Compute(input.Image, input.NodeOfPixel, input.Nodes, input.CentroidX,
                        input.CentroidY, net.Settings.CueGeometry, input.Camera);
                    pooled = cat([pooled, cues.to(Device)], 1);
                }
                z[index[k]] = net.Head(pooled).to(ScalarType.Float64).MoveToOuterDisposeScope();
            }
        }
        return [.. z];
    }

    /// <summary>
    /// A = I + D − R (eq. 5) of an image's graph with R = Σ_k β_k S^k (eq. 4); float64, differentiable in β.
    /// </summary>
    internal Tensor PrecisionMatrix(CrfInput input)
    {
        using var scope = NewDisposeScope();
        var g = input.Graph;
        var r = Pairwise.forward(tensor(input.Similarities, [g.EdgeCount, Settings.Pairwise.K]).to(Device))
            .to(ScalarType.Float64);
        var a = GaussianCrf.BuildA(r, tensor(g.From.Select(i => (long)i).ToArray()).to(Device),
            tensor(g.To.Select(i => (long)i).ToArray()).to(Device), g.NodeCount);
        return a.MoveToOuterDisposeScope();
    }

    /// <summary>Predicts the depth (mm) of every superpixel of a prepared image.</summary>
    /// <param name="prepared">The prepared image.</param>
    /// <param name="camera">The camera that took it (any resolution); null assumes
    /// <see cref="SuperpixelCues.AssumedCamera"/>. Only models with camera-ray cues read it.</param>
    /// <param name="cancellationToken">Cancels before the work starts.</param>
    public float[] PredictSuperpixels(PreparedImage prepared, CameraModel? camera = null,
        CancellationToken cancellationToken = default) =>
        PredictSuperpixels(prepared, camera, out _, cancellationToken);

    private float[] PredictSuperpixels(PreparedImage prepared, CameraModel? camera, out (double Unary, double Crf) ms,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Network.eval();
        var input = CrfInput.Of(prepared, camera);
        var sw = Stopwatch.StartNew();
        var z = Unaries([input])[0];
        var unaryMs = sw.Elapsed.TotalMilliseconds;
        var y = GaussianCrf.Map(PrecisionMatrix(input), z).cpu().data<double>().ToArray();
        ms = (unaryMs, sw.Elapsed.TotalMilliseconds - unaryMs);
        return y.Select(v => (float)Settings.FromTarget(v)).ToArray();
    }

    /// <summary>Predicts a dense depth map (mm) for an image taken by an unknown camera.</summary>
    public DepthMap Predict(ImageF image, CancellationToken cancellationToken = default) =>
        Predict(image, null, out _, cancellationToken);

    /// <summary>Predicts a dense depth map (mm) for an image taken by <paramref name="camera"/>.</summary>
    /// <param name="image">The image.</param>
    /// <param name="camera">
    /// Its camera (any resolution); null assumes <see cref="SuperpixelCues.AssumedCamera"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the prediction.</param>
    public DepthMap Predict(ImageF image, CameraModel? camera, CancellationToken cancellationToken = default) =>
        Predict(image, camera, out _, cancellationToken);

    /// <summary>Predicts a dense depth map (mm) and reports where the time went.</summary>
    public DepthMap Predict(ImageF image, CameraModel? camera, out PredictionTimings timings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var sw = Stopwatch.StartNew();
        var prepared = PreparedImage.Create(image, Settings, cancellationToken);
        var slicMs = sw.Elapsed.TotalMilliseconds;
        var dense = Predict(prepared, camera, out var ms, out var denseMs, cancellationToken);
        timings = new PredictionTimings(slicMs, ms.Unary, ms.Crf, denseMs);
        return dense;
    }

    /// <summary>Predicts a dense depth map (mm) for an image already segmented with this model's settings.</summary>
    internal DepthMap Predict(PreparedImage prepared, CameraModel? camera, CancellationToken cancellationToken) =>
        Predict(prepared, camera, out _, out _, cancellationToken);

    private DepthMap Predict(PreparedImage prepared, CameraModel? camera, out (double Unary, double Crf) ms,
        out double denseMs, CancellationToken cancellationToken)
    {
        var mm = PredictSuperpixels(prepared, camera, out ms, cancellationToken);
        var sw = Stopwatch.StartNew();
        var dense = Settings.Dense.Fill == DenseFill.EdgeAware
            ? DenseDepth.EdgeAware(prepared.Image, prepared.Segmentation, prepared.Graph, mm,
                prepared.Features.MeanGrey, Settings.Dense)
            : DenseDepth.Assign(prepared.Segmentation, mm);
        denseMs = sw.Elapsed.TotalMilliseconds;
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

    /// <summary>Saves settings and weights as one file, atomically (float16 weights halve the size).</summary>
    public void Save(string path, bool float16 = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelFile.Write(path, Header(ModelKind), Entries(), float16);
    }

    /// <summary>Resource-name prefix of the pretrained ensemble's members shipped inside this assembly.</summary>
    internal const string DefaultModelResourcePrefix = "EndoDepth.Crf.DefaultModel.default-";

    /// <summary>
    /// The first member of the pretrained ensemble shipped with the library (see <see cref="LoadDefaultMembers"/>;
    /// <see cref="DepthEstimator.LoadDefault(string)"/> gives the whole ensemble with its test-time mirrors).
    /// </summary>
    /// <exception cref="ModelFileException">The assembly was built without the model files.</exception>
    public static CrfModel LoadDefault(Device? device = null)
    {
        var name = DefaultMemberResources()[0];
        using var stream = typeof(CrfModel).Assembly.GetManifestResourceStream(name)!;
        return Load(stream, "default model", device);
    }

    /// <summary>
    /// Every member of the pretrained ensemble shipped with the library (FCSP CNN-CRFs trained by
    /// <c>scripts/train-default-model.sh</c> on synthetic frames of six cameras; docs/crf.md has their test table).
    /// </summary>
    /// <exception cref="ModelFileException">The assembly was built without the model files.</exception>
    public static IReadOnlyList<CrfModel> LoadDefaultMembers(Device? device = null)
    {
        return LoadEach(DefaultMemberResources(), name =>
        {
            using var stream = typeof(CrfModel).Assembly.GetManifestResourceStream(name)!;
            return Load(stream, $"default model member {name[DefaultModelResourcePrefix.Length..]}", device);
        });
    }

    /// <summary>Loads one model per source; when one fails, those already loaded are disposed.</summary>
    internal static IReadOnlyList<CrfModel> LoadEach<T>(IEnumerable<T> sources, Func<T, CrfModel> load)
    {
        var models = new List<CrfModel>();
        try
        {
            foreach (var source in sources) models.Add(load(source));
            return models;
        }
        catch
        {
            foreach (var m in models) m.Dispose();
            throw;
        }
    }

    private static string[] DefaultMemberResources()
    {
        var names = typeof(CrfModel).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(DefaultModelResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        return names.Length > 0 ? names : throw new ModelFileException("default model",
            "this build of EndoDepth.Crf carries no default model "
            + "(src/EndoDepth.Crf/DefaultModel/default-*.edcrf were missing at build time)");
    }

    /// <summary>Loads a model from a seekable stream; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="ModelFileException">Not a model file or damaged.</exception>
    public static CrfModel Load(Stream stream, string name, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        var (header, tensors, _) = ModelFile.ReadWithBlobs(stream, name);
        var model = FromHeader(name, header, null, device);
        model.LoadWeights(name, tensors);
        return model;
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
        var settings = SettingsFromHeader(path, header, expectedArchitecture);
        TorchRuntime.Initialize();
        return new CrfModel(settings, device ?? torch.CPU);
    }

    /// <summary>
    /// The settings a file's header declares, checked before anything is built: the file kind, every setting's range
    /// (so no hostile size is ever allocated) and the architecture.
    /// </summary>
    /// <exception cref="ModelFileException">The header is not a valid model header.</exception>
    internal static CrfModelSettings SettingsFromHeader(string path, JsonObject header, string? expectedArchitecture)
    {
        // A value of the wrong JSON type, or a name that is not valid UTF-8, surfaces on access as an
        // InvalidOperationException from System.Text.Json.
        try { return CheckedSettings(path, header, expectedArchitecture); }
        catch (InvalidOperationException e) { throw new ModelFileException(path, "malformed header: " + e.Message, e); }
    }

    private static CrfModelSettings CheckedSettings(string path, JsonObject header, string? expectedArchitecture)
    {
        var (kind, arch) = (header["kind"]?.GetValue<string>(), header["architecture"]?.GetValue<string>());
        if (kind != ModelKind)
            throw new ModelFileException(path, $"not a model file: its kind is '{kind}', expected '{ModelKind}'");
        CrfModelSettings settings;
        try
        {
            settings = header["settings"].Deserialize<CrfModelSettings>(ModelFile.Json)
                ?? throw new ModelFileException(path, "no settings in the header");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new ModelFileException(path, "malformed settings: " + e.Message, e);
        }
        // Files written before the fully convolutional unary existed carry no unary kind: they are per-patch models.
        if (header["settings"]?["UnaryKind"] is null && arch?.StartsWith("unary:", StringComparison.Ordinal) == true)
            settings = settings with { UnaryKind = UnaryKind.Patch };
        // Files written before camera-ray cues existed carry no cue geometry: their cues are image positions.
        if (header["settings"]?["Fcsp"] is JsonObject fcsp && fcsp["CueGeometry"] is null)
            settings = settings with { Fcsp = settings.Fcsp with { CueGeometry = CueGeometry.ImagePosition } };
        try { settings.Validate(); }
        catch (ArgumentException e) { throw new ModelFileException(path, "invalid settings: " + e.Message, e); }
        if (arch != settings.Architecture) throw new ModelFileException(path,
            $"header architecture '{arch}' does not match its settings ('{settings.Architecture}')");
        if (expectedArchitecture is not null && arch != expectedArchitecture)
            throw new ModelFileException(path,
                $"the file holds a model of architecture '{arch}', expected '{expectedArchitecture}'");
        return settings;
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
                throw new ModelFileException(path,
                    $"architecture mismatch: parameter '{name}' has shape [{string.Join(',', e.Shape)}], the model " +
                    $"needs [{string.Join(',', p.shape)}]");
            if (!Array.TrueForAll(e.Values, float.IsFinite))
                throw new ModelFileException(path, $"parameter '{name}' holds non-finite weights");
            using var src = tensor(e.Values, e.Shape);
            p.copy_(src);
        }
    }

    /// <summary>Releases the native weights.</summary>
    public void Dispose() => Network.Dispose();
}
