using System.Buffers;

namespace EndoDepth.Metrics;

/// <summary>The per-image scale of <see cref="DepthAlignment"/>, over the pixels that are evaluated.</summary>
internal static class ScaleAlignment
{
    /// <summary>
    /// The scale s applied to the prediction: 1, median(g)/median(p), or Σ g·p / Σ p², over pixels whose ground
    /// truth is evaluated and whose raw prediction is finite and positive. 1 when there are no such pixels.
    /// </summary>
    public static double Scale(ReadOnlySpan<float> pred, ReadOnlySpan<float> gt, MetricsOptions o)
    {
        switch (o.Alignment)
        {
            case DepthAlignment.LeastSquares:
            {
                double gp = 0, pp = 0;
                for (var i = 0; i < gt.Length; i++)
                {
                    if (!MetricSums.IsEvaluated(gt[i], o) || !IsPositive(pred[i])) continue;
                    gp += (double)gt[i] * pred[i];
                    pp += (double)pred[i] * pred[i];
                }
                return pp > 0 ? gp / pp : 1.0;
            }
            case DepthAlignment.Median:
            {
                var gs = ArrayPool<float>.Shared.Rent(gt.Length);
                var ps = ArrayPool<float>.Shared.Rent(gt.Length);
                try
                {
                    var n = 0;
                    for (var i = 0; i < gt.Length; i++)
                    {
                        if (!MetricSums.IsEvaluated(gt[i], o) || !IsPositive(pred[i])) continue;
                        gs[n] = gt[i]; ps[n] = pred[i]; n++;
                    }
                    return n == 0 ? 1.0 : Median(gs.AsSpan(0, n)) / Median(ps.AsSpan(0, n));
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(gs);
                    ArrayPool<float>.Shared.Return(ps);
                }
            }
            default:
                return 1.0;
        }
    }

    private static bool IsPositive(float p) => float.IsFinite(p) && p > 0;

    /// <summary>
    /// The median as numpy defines it (mean of the two middle values for an even count); reorders the span.
    /// </summary>
    internal static double Median(Span<float> v)
    {
        var k = v.Length / 2;
        var upper = Select(v, k);
        if (v.Length % 2 == 1) return upper;
        // After selection every element before k is ≤ v[k]: the lower middle is the largest of them.
        var lower = v[0];
        for (var i = 1; i < k; i++) if (v[i] > lower) lower = v[i];
        return ((double)lower + upper) / 2;
    }

    /// <summary>
    /// Quickselect (Hoare partition, median-of-three pivot): the k-th smallest, with smaller ones before it.
    /// </summary>
    private static float Select(Span<float> v, int k)
    {
        int lo = 0, hi = v.Length - 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (v[mid] < v[lo]) Swap(v, mid, lo);
            if (v[hi] < v[lo]) Swap(v, hi, lo);
            if (v[hi] < v[mid]) Swap(v, hi, mid);
            var pivot = v[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j) { Swap(v, i, j); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return v[k];
        }
        return v[k];
    }

    private static void Swap(Span<float> v, int a, int b) => (v[a], v[b]) = (v[b], v[a]);
}
