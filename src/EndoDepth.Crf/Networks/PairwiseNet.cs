using TorchSharp;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Networks;

/// <summary>
/// The pairwise part (eq. 4): a fully connected layer without bias and with non-negative weights β mapping the K
/// similarities of an edge to R_pq = Σ_k β_k S^k_pq. β ≥ 0 (eq. 6) is kept by projection after each step.
/// </summary>
public sealed class PairwiseNet : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter beta;

    /// <summary>Creates the layer with β = 1 for each of the <paramref name="k"/> similarities.</summary>
    public PairwiseNet(int k) : base(nameof(PairwiseNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        beta = nn.Parameter(ones(k));
        RegisterComponents();
    }

    /// <summary>The weights β.</summary>
    public Tensor Beta => beta;

    /// <summary>E×K similarities → E pairwise weights R_pq (eq. 4).</summary>
    public override Tensor forward(Tensor similarities) => similarities.matmul(beta);

    /// <summary>Projects β onto β ≥ 0 (eq. 6's constraint).</summary>
    public void ProjectNonNegative()
    {
        using var _ = no_grad();
        using var zero = 0.0.ToScalar(); // held explicitly (an implicit Scalar can be finalised mid-call)
        beta.clamp_(min: zero);
    }
}
