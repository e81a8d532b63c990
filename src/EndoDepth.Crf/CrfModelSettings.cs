using EndoDepth.Crf.Dense;
using EndoDepth.Crf.Features;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Superpixels;

namespace EndoDepth.Crf;

/// <summary>Everything that defines a CNN-CRF model besides its weights; stored in the model file.</summary>
public sealed record CrfModelSettings
{
    /// <summary>Superpixels (default: ~300 per image, compactness 10).</summary>
    public SlicSettings Slic { get; init; } = new();
    /// <summary>Pairwise similarities (default: intensity and grey histogram, as the paper).</summary>
    public PairwiseSettings Pairwise { get; init; } = new();
    /// <summary>Which unary runs (default: the fully convolutional unary with superpixel pooling, DCNF-FCSP).</summary>
    public UnaryKind UnaryKind { get; init; } = UnaryKind.Fcsp;
    /// <summary>The fully convolutional unary (default: the paper's widths over the image at 256 px).</summary>
    public FcspNetSettings Fcsp { get; init; } = new();
    /// <summary>
    /// The per-patch unary (<see cref="UnaryKind.Patch"/>; default: the paper's 224×224 patches, 5 conv + 4 FC).
    /// </summary>
    public UnaryNetSettings Unary { get; init; } = new();
    /// <summary>Regression target (default log-depth, as DCNF).</summary>
    public DepthTarget Target { get; init; } = DepthTarget.Log;
    /// <summary>Unit of <see cref="DepthTarget.Linear"/> targets in mm (default 10 mm).</summary>
    public double LinearScaleMm { get; init; } = 10;
    /// <summary>Dense output (default: assignment).</summary>
    public DenseSettings Dense { get; init; } = new();
    /// <summary>
    /// Patches per CNN forward pass at inference with the per-patch unary (memory bound; default 32).
    /// </summary>
    public int InferenceBatch { get; init; } = 32;

    /// <summary>
    /// The architecture string a model file must match (unary layers and the number of similarities).
    /// </summary>
    public string Architecture =>
        $"{(UnaryKind == UnaryKind.Patch ? Unary.Architecture : Fcsp.Architecture)};pairwise:k={Pairwise.K}";

    /// <summary>
    /// A small model for tests: a tiny fully convolutional unary (or 16×16 patches), ~16 superpixels.
    /// </summary>
    public static CrfModelSettings Tiny(int superpixels = 16, int patchSize = 16, UnaryKind kind = UnaryKind.Fcsp) =>
        new()
    {
        Slic = new SlicSettings(Count: superpixels),
        UnaryKind = kind,
        Fcsp = FcspNetSettings.Tiny(),
        Unary = UnaryNetSettings.Tiny(patchSize),
    };

    /// <summary>Target value of a depth in mm.</summary>
    public double ToTarget(double mm) => Target == DepthTarget.Log ? Math.Log(mm) : mm / LinearScaleMm;

    /// <summary>Depth in mm of a target value.</summary>
    public double FromTarget(double t) => Target == DepthTarget.Log ? Math.Exp(t) : t * LinearScaleMm;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        Slic.Validate(); Pairwise.Validate(); Unary.Validate(); Fcsp.Validate(); Dense.Validate();
        if (!Enum.IsDefined(UnaryKind)) throw new ArgumentOutOfRangeException(nameof(UnaryKind), UnaryKind,
            "Unknown unary kind.");
        if (!(LinearScaleMm > 0)) throw new ArgumentOutOfRangeException(nameof(LinearScaleMm), LinearScaleMm,
            "Must be positive.");
        if (InferenceBatch is < 1 or > 1 << 20) throw new ArgumentOutOfRangeException(nameof(InferenceBatch),
            InferenceBatch, "Between 1 and 1,048,576.");
    }
}
