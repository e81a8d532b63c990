using static TorchSharp.torch;

namespace EndoDepth.Crf.Training;

/// <summary>
/// SGD with momentum and weight decay, PyTorch's formulation: g ← ∇ + λp, v ← μv + g (v = g at the first step),
/// p ← p − lr·v. The weight decay λ is eq. (6)'s L2 term (λ/2‖p‖² has gradient λp). Its velocity buffers are part of
/// the checkpoint, so a resumed run continues exactly.
/// </summary>
internal sealed class MomentumSgd : IDisposable
{
    private readonly (string Name, Tensor Param, double Decay)[] parameters;
    private readonly Dictionary<string, Tensor> velocity = new(StringComparer.Ordinal);
    private readonly double momentum;

    public MomentumSgd(IEnumerable<(string Name, Tensor Param, double Decay)> parameters, double momentum)
    {
        this.parameters = parameters.ToArray();
        this.momentum = momentum;
    }

    /// <summary>The velocity buffers (for checkpoints).</summary>
    public IReadOnlyDictionary<string, Tensor> Velocity => velocity;

    /// <summary>One step with learning rate <paramref name="lr"/>; parameters without a gradient are skipped.</summary>
    public void Step(double lr)
    {
        using var _ = no_grad();
        foreach (var (name, p, decay) in parameters)
        {
            if (p.grad is not { } grad) continue;
            using var g = decay != 0 ? grad.add(p, alpha: decay) : grad.clone();
            if (velocity.TryGetValue(name, out var v)) v.mul_(momentum).add_(g);
            else velocity[name] = v = g.clone().DetachFromDisposeScope();
            p.add_(v, alpha: -lr);
        }
    }

    /// <summary>Clears the gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p, _) in parameters)
            if (p.grad is { } g) { g.zero_(); }
    }

    /// <summary>Restores a velocity buffer (from a checkpoint).</summary>
    public void SetVelocity(string name, Tensor value) => velocity[name] = value.DetachFromDisposeScope();

    public void Dispose()
    {
        foreach (var v in velocity.Values) v.Dispose();
        velocity.Clear();
    }
}
