using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EndoDepth.Crf.Networks;

/// <summary>
/// The fully convolutional unary z = h(θ) (eq. 3, DCNF-FCSP): <see cref="forward"/> runs the convolutional trunk once
/// over a batch of images (B×3×H×W → B×C×h×w, stride 8); <see cref="SuperpixelPooling"/> averages the feature
/// map over each superpixel; <see cref="Head"/> maps each superpixel's pooled features (and cues) to its unary value.
/// </summary>
public sealed class FcspUnaryNet : Module<Tensor, Tensor>
{
    private readonly Sequential trunk;
    private readonly Sequential head;

    /// <summary>Parameter-name prefix of the convolutional trunk (frozen when fine-tuning).</summary>
    public const string TrunkPrefix = "trunk.";

    /// <summary>The settings.</summary>
    public FcspNetSettings Settings { get; }

    /// <summary>Channels of the trunk's last feature map.</summary>
    public int FeatureChannels => Settings.Convolutions[4];

    /// <summary>Builds the network with He initialisation (seed with <c>torch.manual_seed</c> first).</summary>
    public FcspUnaryNet(FcspNetSettings settings) : base(nameof(FcspUnaryNet))
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        var ch = settings.Convolutions;
        int[] kernels = [settings.Conv1Kernel, 5, 3, 3, 3];
        int[] dilations = [1, 1, 1, 2, 4];
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var inCh = 3;
        for (var i = 0; i < 5; i++)
        {
            var stride = i == 0 ? settings.Conv1Stride : 1;
            layers.Add(($"conv{i + 1}",
                Conv2d(inCh, ch[i], kernels[i], stride: stride, padding: dilations[i] * (kernels[i] / 2),
                dilation: dilations[i])));
            layers.Add(($"norm{i + 1}", GroupNorm(Groups(ch[i]), ch[i])));
            layers.Add(($"relu{i + 1}", ReLU()));
            if (i == 0) layers.Add(("pool1", MaxPool2d(3, 2, 1)));
            inCh = ch[i];
        }
        trunk = Sequential(layers);
        head = FullyConnectedHead.Create(ch[4] + (settings.Cues ? FcspNetSettings.CueCount : 0),
            settings.FullyConnected);
        RegisterComponents();
        using var _ = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.Contains(".norm", StringComparison.Ordinal))
            {
                if (name.EndsWith("weight", StringComparison.Ordinal)) p.fill_(1);
                else p.zero_();
            }
            else if (name.EndsWith("weight", StringComparison.Ordinal)) init.kaiming_normal_(p,
                mode: init.FanInOut.FanIn, nonlinearity: init.NonlinearityType.ReLU);
            else p.zero_();
        }
    }

    /// <summary>
    /// Group count of a group normalisation over <paramref name="channels"/> channels (8 channels a group).
    /// </summary>
    private static int Groups(int channels) => channels % 8 == 0 ? channels / 8 : 1;

    /// <summary>B×3×H×W images (values in [−1, 1]) → B×C×h×w feature maps (the trunk).</summary>
    public override Tensor forward(Tensor input) => trunk.forward(input);

    /// <summary>N×(C [+ cues]) pooled superpixel features → N unary values (the fully connected head).</summary>
    public Tensor Head(Tensor pooled)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        using var scope = NewDisposeScope();
        return head.forward(pooled).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sets the bias of the last layer (e.g. to the mean training target, so training starts near it).
    /// </summary>
    public void SetOutputBias(double value) => FullyConnectedHead.SetOutputBias(head, value);
}
