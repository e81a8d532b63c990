using EndoDepth.Crf.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace EndoDepth.Crf;

/// <summary>
/// The CNN-CRF's learnable parts as one module (paper Fig. 3): the unary network (per-patch or fully convolutional) and
/// the pairwise layer β. Parameter names are "unary.…" and "pairwise.beta".
/// </summary>
public sealed class CrfNetwork : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> unary;
    private readonly PairwiseNet pairwise;

    /// <summary>Builds the modules of the settings' architecture (seed with <c>torch.manual_seed</c> first).</summary>
    public CrfNetwork(CrfModelSettings settings) : base(nameof(CrfNetwork))
    {
        ArgumentNullException.ThrowIfNull(settings);
        unary = settings.UnaryKind == UnaryKind.Patch ? new UnaryNet(settings.Unary) : new FcspUnaryNet(settings.Fcsp);
        pairwise = new PairwiseNet(settings.Pairwise.K);
        RegisterComponents();
    }

    /// <summary>The unary network: a <see cref="UnaryNet"/> or a <see cref="FcspUnaryNet"/>.</summary>
    public nn.Module<Tensor, Tensor> Unary => unary;

    /// <summary>The pairwise layer.</summary>
    public PairwiseNet Pairwise => pairwise;

    /// <summary>True for parameters of the convolutional layers (frozen when fine-tuning, as the paper).</summary>
    public static bool IsConvolutional(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("unary." + UnaryNet.ConvolutionPrefix, StringComparison.Ordinal)
               || name.StartsWith("unary." + FcspUnaryNet.TrunkPrefix, StringComparison.Ordinal);
    }

    /// <summary>Sets the unary network's last bias (training starts at the mean target).</summary>
    public void SetOutputBias(double value)
    {
        if (unary is FcspUnaryNet f) f.SetOutputBias(value);
        else ((UnaryNet)unary).SetOutputBias(value);
    }
}
