using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EndoDepth.Crf.Networks;

/// <summary>
/// The unary part z = h(θ) (eq. 3): 5 convolutional layers (ReLU, max-pooling after the 1st, 2nd and 5th as in
/// AlexNet, skipped when the feature map is too small) and 4 fully connected layers, mapping N×3×P×P patches to N
/// values.
/// </summary>
public sealed class UnaryNet : Module<Tensor, Tensor>
{
    private readonly Sequential convolutions;
    private readonly Sequential fullyConnected;

    /// <summary>Parameter-name prefix of the convolutional layers (frozen when fine-tuning).</summary>
    public const string ConvolutionPrefix = "convolutions.";

    /// <summary>Builds the network with He initialisation (seed with <c>torch.manual_seed</c> first).</summary>
    public UnaryNet(UnaryNetSettings settings) : base(nameof(UnaryNet))
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var ch = settings.Convolutions;
        int[] kernels = [settings.Conv1Kernel, 5, 3, 3, 3];
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int side = settings.PatchSize, inCh = 3;
        for (var i = 0; i < 5; i++)
        {
            var stride = i == 0 ? settings.Conv1Stride : 1;
            layers.Add(($"conv{i + 1}", Conv2d(inCh, ch[i], kernels[i], stride: stride, padding: kernels[i] / 2)));
            side = (side + 2 * (kernels[i] / 2) - kernels[i]) / stride + 1;
            layers.Add(($"relu{i + 1}", ReLU()));
            if (i is 0 or 1 or 4 && side >= 3)
            {
                layers.Add(($"pool{i + 1}", MaxPool2d(3, 2)));
                side = (side - 3) / 2 + 1;
            }
            inCh = ch[i];
        }
        layers.Add(("avgpool", AdaptiveAvgPool2d(settings.PooledSize)));
        convolutions = Sequential(layers);
        fullyConnected = FullyConnectedHead.Create(ch[4] * settings.PooledSize * settings.PooledSize,
            settings.FullyConnected);
        RegisterComponents();
        // He initialisation (fan-in, ReLU gain), zero biases: keeps the signal's scale through the 9 layers (torch's
        // default shrinks it ~√3 per layer, so a fresh 9-layer net outputs almost a constant). The paper is silent.
        using var _ = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal)) init.kaiming_normal_(p, mode: init.FanInOut.FanIn,
                nonlinearity: init.NonlinearityType.ReLU);
            else p.zero_();
        }
    }

    /// <summary>N×3×P×P patches → N unary values.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var f = convolutions.forward(input).flatten(1);
        return fullyConnected.forward(f).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sets the bias of the last layer (e.g. to the mean training target, so training starts near it).
    /// </summary>
    public void SetOutputBias(double value) => FullyConnectedHead.SetOutputBias(fullyConnected, value);
}
