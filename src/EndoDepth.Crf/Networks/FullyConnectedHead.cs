using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EndoDepth.Crf.Networks;

/// <summary>
/// The unary's four fully connected layers (paper Fig. 3: 4096-128-16-1 after DCNF), ReLU between them, one output —
/// shared by the per-patch and the fully convolutional unary.
/// </summary>
internal static class FullyConnectedHead
{
    /// <summary>
    /// fc1 … fc4 mapping <paramref name="inputs"/> features through the 3 hidden <paramref name="hidden"/> widths to
    /// 1.
    /// </summary>
    public static Sequential Create(int inputs, IReadOnlyList<int> hidden)
    {
        int[] widths = [inputs, hidden[0], hidden[1], hidden[2], 1];
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (var i = 0; i < 4; i++)
        {
            layers.Add(($"fc{i + 1}", Linear(widths[i], widths[i + 1])));
            if (i < 3) layers.Add(($"relu{i + 1}", ReLU()));
        }
        return Sequential(layers);
    }

    /// <summary>Sets the last layer's bias (training starts at the mean target).</summary>
    public static void SetOutputBias(Sequential head, double value)
    {
        using var _ = no_grad();
        head.named_parameters().Last(p => p.name.EndsWith("bias", StringComparison.Ordinal)).parameter.fill_(value);
    }
}
