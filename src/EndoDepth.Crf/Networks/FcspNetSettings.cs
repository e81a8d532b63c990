namespace EndoDepth.Crf.Networks;

/// <summary>
/// Architecture of the fully convolutional unary (DCNF-FCSP, Liu et al. TPAMI 2016): a 5-layer convolutional trunk of
/// the paper's widths (conv 64-256-256-256-256, the first 11×11 with stride 4, then 5, 3, 3, 3; max-pooling after the
/// first, so the feature map has stride 8; the last two 3×3 layers dilated by 2 and 4 so each cell sees ~150 px; group
/// normalisation after each convolution) over the image resized to <see cref="InputSize"/>, superpixel pooling of its
/// last feature map, and the paper's fully connected head (4096-128-16-1) per superpixel.
/// </summary>
/// <param name="InputSize">Longer side, in pixels, of the image the trunk sees (the image is resized to it, aspect
/// kept); superpixels are computed and pooled at the image's own resolution.</param>
/// <param name="ConvChannels">Output channels of the 5 convolutions (paper: 64, 256, 256, 256, 256).</param>
/// <param name="FcWidths">Widths of the 3 hidden fully connected layers (paper: 4096, 128, 16).</param>
/// <param name="Conv1Kernel">Kernel of the first convolution (AlexNet: 11).</param>
/// <param name="Conv1Stride">Stride of the first convolution (AlexNet: 4).</param>
/// <param name="Cues">Give the head each superpixel's position (see <paramref name="CueGeometry"/>) and its log mean
/// linear luminance beside the pooled features. Beyond the paper: with lights at the lens and a tube-like
/// lumen, position and inverse-square shading are the strongest depth cues, and a per-superpixel head cannot see
/// where its superpixel lies.</param>
/// <param name="CueGeometry">How the position cues are expressed: the camera ray through the centroid (default; the
/// cues then mean the same under every lens) or the centroid's image position.</param>
public sealed record FcspNetSettings(
    int InputSize = 256,
    IReadOnlyList<int>? ConvChannels = null,
    IReadOnlyList<int>? FcWidths = null,
    int Conv1Kernel = 11,
    int Conv1Stride = 4,
    bool Cues = true,
    CueGeometry CueGeometry = CueGeometry.CameraRay)
{
    /// <summary>Largest convolution or fully connected width accepted (a bound on what a model file can allocate).</summary>
    public const int MaxWidth = 16384;

    /// <summary>Number of cue features appended to the pooled features when <see cref="Cues"/> is on.</summary>
    public const int CueCount = 4;

    /// <summary>The 5 convolution widths (default 64, 256, 256, 256, 256).</summary>
    public IReadOnlyList<int> Convolutions => ConvChannels ?? [64, 256, 256, 256, 256];

    /// <summary>The 3 hidden fully connected widths (default 4096, 128, 16).</summary>
    public IReadOnlyList<int> FullyConnected => FcWidths ?? [4096, 128, 16];

    /// <summary>A small network for tests and quick experiments (32 px input, 8–16 channels).</summary>
    public static FcspNetSettings Tiny(int inputSize = 32) =>
        new(inputSize, [8, 16, 16, 16, 16], [32, 16, 8], Conv1Kernel: 3, Conv1Stride: 1);

    /// <summary>A compact network for CPU training at 128 px (conv 32-64-64-64-64, FC 256-64-16).</summary>
    public static FcspNetSettings Compact(int inputSize = 128) =>
        new(inputSize, [32, 64, 64, 64, 64], [256, 64, 16], Conv1Kernel: 7, Conv1Stride: 2);

    /// <summary>A compact text form of the architecture, stored in model files and compared on load.</summary>
    public string Architecture =>
        $"fcsp:input={InputSize};conv={string.Join(',', Convolutions)};k1={Conv1Kernel};s1={Conv1Stride};" +
        $"fc={string.Join(',', FullyConnected)},1;cues={CueTag}";

    private string CueTag => !Cues ? "0" : CueGeometry == CueGeometry.CameraRay ? $"ray{CueCount}" : $"{CueCount}";

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (InputSize is < 8 or > 4096) throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize,
            "Between 8 and 4096 px.");
        if (Convolutions.Count != 5 || Convolutions.Any(c => c is < 1 or > MaxWidth))
            throw new ArgumentOutOfRangeException(nameof(ConvChannels), "Exactly 5 positive convolution widths.");
        if (FullyConnected.Count != 3 || FullyConnected.Any(c => c is < 1 or > MaxWidth))
            throw new ArgumentOutOfRangeException(nameof(FcWidths), "Exactly 3 positive hidden widths.");
        if (Conv1Kernel < 1 || Conv1Stride < 1 || Conv1Stride > 8)
            throw new ArgumentOutOfRangeException(nameof(Conv1Kernel), "Kernel positive, stride 1–8.");
        if (!Enum.IsDefined(CueGeometry))
            throw new ArgumentOutOfRangeException(nameof(CueGeometry), CueGeometry, "Unknown cue geometry.");
        if (InputSize / (2 * Conv1Stride) < 2) throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize,
            "The feature map would be smaller than 2×2.");
    }
}
