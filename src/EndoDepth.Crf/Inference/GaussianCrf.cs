using TorchSharp;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Inference;

/// <summary>
/// The continuous CRF of the paper (eq. 2–6, after DCNF): with unary outputs z and pairwise weights R, the energy
/// −E = Σ_p (y_p − z_p)² + Σ_(p,q) R_pq (y_p − y_q)² = yᵀAy − 2zᵀy + zᵀz with A = I + D − R (D =
/// diag(Σ_q R_pq)), so Pr(y|x) is the Gaussian N(A⁻¹z, (2A)⁻¹): MAP y = A⁻¹z, and −log Pr(y|x) = yᵀAy −
/// 2zᵀy + zᵀA⁻¹z − ½ log|A| + (n/2) log π (normalising eq. 2's integral ∫exp(−yᵀAy + 2zᵀy)dy).
/// Everything here is differentiable; computed in the dtype of the inputs (float64 recommended).
/// </summary>
public static class GaussianCrf
{
    /// <summary>
    /// A = I + D − R (n×n) from the edge weights R_pq (one per undirected edge from[e]–to[e]; eq. 5 counts each
    /// pair in both directions with the factor ½).
    /// </summary>
    public static Tensor BuildA(Tensor edgeWeights, Tensor from, Tensor to, int n)
    {
        ArgumentNullException.ThrowIfNull(edgeWeights);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        using var scope = NewDisposeScope();
        // Scalars are held explicitly: an implicitly converted one can be finalised while libtorch still reads it.
        using var width = ((long)n).ToScalar();
        var rows = cat([from, to, from, to]);
        var cols = cat([to, from, from, to]);
        var vals = cat([-edgeWeights, -edgeWeights, edgeWeights, edgeWeights]); // −R off-diagonal, D on the diagonal
        var a = eye(n, dtype: edgeWeights.dtype, device: edgeWeights.device).view(-1)
            .scatter_add(0, rows.mul(width).add(cols), vals).view(n, n);
        return a.MoveToOuterDisposeScope();
    }

    /// <summary>The MAP estimate y = A⁻¹z (the Gaussian's mean).</summary>
    public static Tensor Map(Tensor a, Tensor z)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(z);
        return linalg.solve(a, z.unsqueeze(1)).squeeze(1);
    }

    /// <summary>−log Pr(y|x) = yᵀAy − 2zᵀy + zᵀA⁻¹z − ½ log|A| + (n/2) log π (eq. 2–6).</summary>
    public static Tensor NegativeLogLikelihood(Tensor a, Tensor z, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(y);
        using var scope = NewDisposeScope();
        using var two = 2.0.ToScalar();
        using var half = 0.5.ToScalar();
        using var constant = (0.5 * z.shape[0] * Math.Log(Math.PI)).ToScalar();
        var ainvz = Map(a, z);
        var (_, logdet) = linalg.slogdet(a);
        var nll = y.dot(a.mv(y)).sub(z.dot(y).mul(two)).add(z.dot(ainvz)).sub(logdet.mul(half)).add(constant);
        return nll.MoveToOuterDisposeScope();
    }
}
