namespace EndoDepth.Crf.Networks;

/// <summary>
/// Architecture of the unary network (paper §2.4, Fig. 3, after DCNF): 5 convolutional + 4 fully connected layers on a
/// square patch centred on each superpixel centroid, one value per superpixel. Defaults are the paper's 224×224 patch
/// and DCNF's AlexNet-like layers (conv 64-256-256-256-256, FC 4096-128-16-1).
/// </summary>
/// <param name="PatchSize">Patch side in pixels (paper: 224); the crop is taken at full image resolution.</param>
/// <param name="ConvChannels">Output channels of the 5 convolutions.</param>
/// <param name="FcWidths">Widths of the first 3 fully connected layers (the 4th has one output).</param>
/// <param name="Conv1Kernel">Kernel of the first convolution (AlexNet: 11); later ones are 5, 3, 3, 3.</param>
/// <param name="Conv1Stride">Stride of the first convolution (AlexNet: 4).</param>
/// <param name="PooledSize">Side of the adaptive average pooling before the fully connected layers (AlexNet:
/// 6).</param>
public sealed record UnaryNetSettings(
    int PatchSize = 224,
    IReadOnlyList<int>? ConvChannels = null,
    IReadOnlyList<int>? FcWidths = null,
    int Conv1Kernel = 11,
    int Conv1Stride = 4,
    int PooledSize = 6)
{
    /// <summary>The 5 convolution widths (default 64, 256, 256, 256, 256).</summary>
    public IReadOnlyList<int> Convolutions => ConvChannels ?? [64, 256, 256, 256, 256];

    /// <summary>The 3 hidden fully connected widths (default 4096, 128, 16).</summary>
    public IReadOnlyList<int> FullyConnected => FcWidths ?? [4096, 128, 16];

    /// <summary>A small network for tests and quick experiments (16×16 patches, 2.4k–20k parameters).</summary>
    public static UnaryNetSettings Tiny(int patchSize = 16) =>
        new(patchSize, [16, 16, 16, 16, 16], [64, 32, 16], Conv1Kernel: 3, Conv1Stride: 1, PooledSize: 1);

    /// <summary>A compact text form of the architecture, stored in model files and compared on load.</summary>
    public string Architecture =>
        $"unary:patch={PatchSize};conv={string.Join(',', Convolutions)};k1={Conv1Kernel};s1={Conv1Stride};" +
        $"pool={PooledSize};fc={string.Join(',', FullyConnected)},1";

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (PatchSize > 4096) throw new ArgumentOutOfRangeException(nameof(PatchSize), PatchSize,
            "Patches are at most 4096 px.");
        if (PooledSize > 64) throw new ArgumentOutOfRangeException(nameof(PooledSize), PooledSize,
            "Pooled size is at most 64.");
        if (PatchSize < 4) throw new ArgumentOutOfRangeException(nameof(PatchSize), PatchSize,
            "Patches are at least 4 px.");
        if (Convolutions.Count != 5 || Convolutions.Any(c => c is < 1 or > FcspNetSettings.MaxWidth))
            throw new ArgumentOutOfRangeException(nameof(ConvChannels), "Exactly 5 positive convolution widths.");
        if (FullyConnected.Count != 3 || FullyConnected.Any(c => c is < 1 or > FcspNetSettings.MaxWidth))
            throw new ArgumentOutOfRangeException(nameof(FcWidths), "Exactly 3 positive hidden widths.");
        if (Conv1Kernel < 1 || Conv1Stride < 1) throw new ArgumentOutOfRangeException(nameof(Conv1Kernel),
            "Kernel and stride must be positive.");
        if (PooledSize < 1) throw new ArgumentOutOfRangeException(nameof(PooledSize), PooledSize,
            "Pooled size must be positive.");
        if ((PatchSize + 2 * (Conv1Kernel / 2) - Conv1Kernel) / Conv1Stride + 1 < 1)
            throw new ArgumentOutOfRangeException(nameof(PatchSize), PatchSize,
                "The patch is smaller than the first convolution.");
    }
}
