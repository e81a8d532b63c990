namespace EndoDepth.Registration;

/// <summary>
/// Similarity of two equally sized grey images over the pixels a mask marks valid: normalised cross-correlation,
/// mutual information and the correlation ratio.
/// </summary>
public static class ImageSimilarity
{
    /// <summary>Bins per image of <see cref="MutualInformation"/> by default.</summary>
    public const int DefaultBins = 32;

    /// <summary>Bins of the conditioning image of <see cref="CorrelationRatio"/> by default.</summary>
    public const int DefaultCorrelationRatioBins = 16;

    /// <summary>The metric <paramref name="metric"/> of <paramref name="a"/> and <paramref name="b"/> over
    /// <paramref name="mask"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double Compute(SimilarityMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<bool> mask) => metric switch
    {
        SimilarityMetric.Ncc => Ncc(a, b, mask),
        SimilarityMetric.MutualInformation => MutualInformation(a, b, mask),
        SimilarityMetric.CorrelationRatio => CorrelationRatio(a, b, mask),
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

    /// <summary>
    /// Correlation ratio η²(A | B) = 1 − Σₖ Σ_{i∈k} (aᵢ − āₖ)² / Σᵢ (aᵢ − ā)² (Roche, Malandain, Pennec &amp; Ayache,
    /// MICCAI 1998, eq. 2): the share of A's variance that a function of B explains, B cut into <paramref name="bins"/>
    /// bins k of equal pixel count (quantiles of B over the mask; equal values of B share a bin) and āₖ the mean of A
    /// in bin k. It is 1 when A is any function of B's binned values, ≈ 0 (a positive bias of about (bins − 1)/N) for
    /// independent images, unchanged by any strictly increasing map of B (the bins are B's ranks; a decreasing one reverses them, the same up
    /// to where the bin edges fall) and by
    /// any affine map of A with non-zero gain; 0 when A is constant or fewer than two pixels are valid.
    /// Here A is the optical frame and B the virtual shading, so the unknown fall-off exponent and tone curve between
    /// them drop out.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or fewer than 2 bins.</exception>
    public static double CorrelationRatio(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<bool> mask,
        int bins = DefaultCorrelationRatioBins)
    {
        Check(a, b, mask);
        if (bins is < 2 or > 1024) throw new ArgumentException($"Bins must be in 2..1024, got {bins}.", nameof(bins));
        var n = 0;
        for (var i = 0; i < mask.Length; i++) if (mask[i]) n++;
        if (n < 2) return 0;
        var keys = new float[n];
        var values = new float[n];
        for (int i = 0, j = 0; i < mask.Length; i++)
            if (mask[i]) { keys[j] = b[i]; values[j] = a[i]; j++; }
        Array.Sort(keys, values);
        var sum = new double[bins];
        var sumSquares = new double[bins];
        var count = new int[bins];
        double total = 0;
        for (var j = 0; j < n; j++) total += values[j];
        var mean = total / n;
        var bin = 0;
        for (var j = 0; j < n; j++)
        {
            // A run of equal keys stays in the bin of its first member, so equal values of B share a bin.
            if (j == 0 || keys[j] != keys[j - 1]) bin = (int)((long)j * bins / n);
            var d = values[j] - mean; // centred: the within-bin sums stay well conditioned in double
            sum[bin] += d; sumSquares[bin] += d * d; count[bin]++;
        }
        double totalVariance = 0, within = 0;
        for (var k = 0; k < bins; k++)
        {
            if (count[k] == 0) continue;
            totalVariance += sumSquares[k];
            within += sumSquares[k] - sum[k] * sum[k] / count[k];
        }
        return totalVariance > 0 ? Math.Clamp(1 - within / totalVariance, 0, 1) : 0;
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
