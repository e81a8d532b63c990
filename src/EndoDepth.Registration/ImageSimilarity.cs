namespace EndoDepth.Registration;

/// <summary>
/// Similarity of two equally sized grey images over the pixels a mask marks valid: normalised cross-correlation and
/// mutual information.
/// </summary>
public static class ImageSimilarity
{
    /// <summary>Bins per image of <see cref="MutualInformation"/> by default.</summary>
    public const int DefaultBins = 32;

    /// <summary>The metric <paramref name="metric"/> of <paramref name="a"/> and <paramref name="b"/> over
    /// <paramref name="mask"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double Compute(SimilarityMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<bool> mask) => metric switch
    {
        SimilarityMetric.Ncc => Ncc(a, b, mask),
        SimilarityMetric.MutualInformation => MutualInformation(a, b, mask),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown similarity metric."),
    };

    /// <summary>
    /// Normalised cross-correlation Σ(aᵢ − ā)(bᵢ − b̄) / √(Σ(aᵢ − ā)² · Σ(bᵢ − b̄)²) over the masked pixels: 1 when b is
    /// a positive affine function of a, −1 for a negative one; 0 when either image is constant there or fewer than two
    /// pixels are valid.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double Ncc(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<bool> mask)
    {
        Check(a, b, mask);
        double sa = 0, sb = 0;
        long n = 0;
        for (var i = 0; i < a.Length; i++)
            if (mask[i]) { sa += a[i]; sb += b[i]; n++; }
        if (n < 2) return 0;
        double ma = sa / n, mb = sb / n, sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!mask[i]) continue;
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        var den = Math.Sqrt(saa * sbb);
        return den > 0 ? Math.Clamp(sab / den, -1, 1) : 0;
    }

    /// <summary>
    /// Mutual information I(A; B) = Σ p(a, b)·ln(p(a, b) / (p(a)·p(b))) in nats, from the joint histogram of the masked
    /// pixels, each image's range [min, max] over the mask cut into <paramref name="bins"/> equal bins. I = H(A) (the
    /// binned entropy) for identical images, ≈ 0 for independent ones (a positive bias of about (bins − 1)²/(2N)).
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or fewer than 2 bins.</exception>
    public static double MutualInformation(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<bool> mask,
        int bins = DefaultBins)
    {
        Check(a, b, mask);
        if (bins is < 2 or > 1024) throw new ArgumentException($"Bins must be in 2..1024, got {bins}.", nameof(bins));
        var (loA, hiA) = Range(a, mask);
        var (loB, hiB) = Range(b, mask);
        var joint = new int[bins * bins];
        var n = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!mask[i]) continue;
            joint[Bin(a[i], loA, hiA, bins) * bins + Bin(b[i], loB, hiB, bins)]++;
            n++;
        }
        if (n == 0) return 0;
        var pa = new double[bins];
        var pb = new double[bins];
        for (var i = 0; i < bins; i++)
            for (var j = 0; j < bins; j++)
            {
                pa[i] += joint[i * bins + j];
                pb[j] += joint[i * bins + j];
            }
        double mi = 0;
        for (var i = 0; i < bins; i++)
            for (var j = 0; j < bins; j++)
            {
                var c = joint[i * bins + j];
                if (c == 0) continue;
                mi += (double)c / n * Math.Log((double)c * n / (pa[i] * pb[j]));
            }
        return Math.Max(0, mi);
    }

    private static void Check(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<bool> mask)
    {
        if (a.Length != b.Length || a.Length != mask.Length)
            throw new ArgumentException($"Images and mask differ in length ({a.Length}, {b.Length}, {mask.Length}).");
    }

    private static (float Lo, float Hi) Range(ReadOnlySpan<float> v, ReadOnlySpan<bool> mask)
    {
        float lo = float.MaxValue, hi = float.MinValue;
        for (var i = 0; i < v.Length; i++)
            if (mask[i]) { lo = MathF.Min(lo, v[i]); hi = MathF.Max(hi, v[i]); }
        return (lo, hi);
    }

    private static int Bin(float v, float lo, float hi, int bins) =>
        hi > lo ? Math.Clamp((int)((v - lo) / (hi - lo) * bins), 0, bins - 1) : 0;
}
