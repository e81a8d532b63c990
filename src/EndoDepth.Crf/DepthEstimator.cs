using EndoDepth.Abstractions;
using EndoDepth.Crf.Networks;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Crf;

/// <summary>
/// The CNN-CRF as an <see cref="IDepthEstimator"/>: superpixels → unary CNN + pairwise → CRF MAP → dense map. It
/// holds one model, or an ensemble whose members' predictions (optionally also of the mirrored image) are averaged in
/// log depth (<see cref="TestTimeMirrors"/>).
/// </summary>
public sealed class DepthEstimator : IDepthEstimator, IDisposable
{
    private readonly bool ownsModels;

    /// <summary>The model (the first member of an ensemble).</summary>
    public CrfModel Model => Members[0];

    /// <summary>The models whose predictions are averaged (one for a single model).</summary>
    public IReadOnlyList<CrfModel> Members { get; }

    /// <summary>The mirror images also predicted and averaged (each multiplies the work).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown value.</exception>
    public TestTimeMirrors Mirrors
    {
        get => mirrors;
        set => mirrors = Checked(value);
    }

    private TestTimeMirrors mirrors;

    /// <summary>Wraps a model (disposed with the estimator when <paramref name="ownsModel"/>); no mirrors.</summary>
    public DepthEstimator(CrfModel model, bool ownsModel = false)
        : this([model ?? throw new ArgumentNullException(nameof(model))], TestTimeMirrors.None, ownsModel) { }

    private DepthEstimator(IReadOnlyList<CrfModel> members, TestTimeMirrors mirrors, bool ownsModels)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one model.", nameof(members));
        if (members.Any(m => m is null)) throw new ArgumentException("A member is null.", nameof(members));
        Members = members.ToArray(); this.mirrors = mirrors; this.ownsModels = ownsModels;
    }

    /// <summary>
    /// An ensemble: the geometric mean of every member's prediction of the image and of its
    /// <paramref name="mirrors"/> (members disposed with the estimator when <paramref name="ownsModels"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No members, or a null member.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown <paramref name="mirrors"/> value.</exception>
    public static DepthEstimator Ensemble(IReadOnlyList<CrfModel> members,
        TestTimeMirrors mirrors = TestTimeMirrors.Both, bool ownsModels = false) =>
        new(members, Checked(mirrors), ownsModels);

    /// <summary>
    /// Loads a model file onto <paramref name="device"/> ("auto": CUDA when torch reports it, else CPU); no mirrors.
    /// </summary>
    /// <exception cref="ModelFileException">Not a model file or damaged.</exception>
    public static DepthEstimator Load(string path, string device = "auto") =>
        new(CrfModel.Load(path, Runtime.TorchRuntime.ParseDevice(device)), ownsModel: true);

    /// <summary>
    /// Loads model files as one ensemble onto <paramref name="device"/> ("auto", "cpu", "cuda[:N]"), with
    /// <see cref="TestTimeMirrors.Dihedral"/> (change <see cref="Mirrors"/> for fewer).
    /// </summary>
    /// <exception cref="ModelFileException">A file is not a model file or is damaged (none stays loaded).</exception>
    public static DepthEstimator LoadEnsemble(IReadOnlyList<string> paths, string device = "auto")
    {
        ArgumentNullException.ThrowIfNull(paths);
        var d = Runtime.TorchRuntime.ParseDevice(device);
        return new DepthEstimator(CrfModel.LoadEach(paths, p => CrfModel.Load(p, d)), TestTimeMirrors.Dihedral,
            ownsModels: true);
    }

    /// <summary>
    /// The pretrained ensemble shipped with the library (<see cref="CrfModel.LoadDefaultMembers"/>), with
    /// <see cref="TestTimeMirrors.Dihedral"/> (change <see cref="Mirrors"/> for speed), on <paramref name="device"/>
    /// ("auto", "cpu", "cuda[:N]").
    /// </summary>
    /// <exception cref="ModelFileException">The build carries no default model.</exception>
    public static DepthEstimator LoadDefault(string device = "auto") =>
        new(CrfModel.LoadDefaultMembers(Runtime.TorchRuntime.ParseDevice(device)), TestTimeMirrors.Dihedral,
            ownsModels: true);

    private static TestTimeMirrors Checked(TestTimeMirrors mirrors) => Enum.IsDefined(mirrors)
        ? mirrors
        : throw new ArgumentOutOfRangeException(nameof(mirrors), mirrors, "Unknown test-time mirrors.");

    /// <summary>
    /// The camera assumed for images given without one (any resolution: it is rescaled to each image). Null assumes
    /// <see cref="SuperpixelCues.AssumedCamera"/>, a 90° pinhole. Models with camera-ray cues read it.
    /// </summary>
    public CameraModel? Camera { get; set; }

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CancellationToken cancellationToken = default) =>
        Estimate(image, null, cancellationToken);

    /// <inheritdoc />
    public DepthMap Estimate(ImageF image, CameraModel? camera, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        camera ??= Camera;
        return Members.Count == 1 && Mirrors == TestTimeMirrors.None
            ? Model.Predict(image, camera, cancellationToken)
            : EnsemblePrediction.Average(Members, Mirrors, image, camera, cancellationToken);
    }

    /// <summary>Releases the models when owned.</summary>
    public void Dispose()
    {
        if (!ownsModels) return;
        foreach (var m in Members) m.Dispose();
    }
}
