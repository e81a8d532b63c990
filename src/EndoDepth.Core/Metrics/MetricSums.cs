namespace EndoDepth.Metrics;

/// <summary>
/// The running sums behind <see cref="DepthMetrics"/>: adding the sums of several images gives the metrics over all
/// their pixels (<see cref="MetricsAggregation.AllPixels"/>).
/// </summary>
internal struct MetricSums
{
    private const double Ln10 = 2.302585092994046;

    public double AbsRel, AbsLog10, Sq, SqRel, SqLog;
    public long D1, D2, D3, Count, Missing;

    /// <summary>True when ground truth <paramref name="g"/> is evaluated under <paramref name="o"/>.</summary>
    public static bool IsEvaluated(float g, MetricsOptions o) =>
        float.IsFinite(g) && g > 0 && g >= o.MinDepthMm && g <= o.MaxDepthMm;

    /// <summary>Pixels per block: sums are formed per block and added in block order, whatever the threading.</summary>
    internal const int BlockSize = 1 << 16;

    /// <summary>The sums over all pixels, block by block on one thread.</summary>
    public static MetricSums Of(ReadOnlySpan<float> pred, ReadOnlySpan<float> gt, MetricsOptions o, double scale)
    {
        var total = new MetricSums();
        for (var start = 0; start < gt.Length; start += BlockSize)
        {
            var len = Math.Min(BlockSize, gt.Length - start);
            total.Add(OfBlock(pred.Slice(start, len), gt.Slice(start, len), o, scale));
        }
        return total;
    }

    /// <summary>
    /// The sums over all pixels with blocks on parallel threads; the blocks' sums are added in block order, so the
    /// result is bit-identical to <see cref="Of(ReadOnlySpan{float}, ReadOnlySpan{float}, MetricsOptions, double)"/>.
    /// </summary>
    public static MetricSums Of(float[] pred, float[] gt, MetricsOptions o, double scale)
    {
        var blocks = (gt.Length + BlockSize - 1) / BlockSize;
        if (blocks < 4) return Of((ReadOnlySpan<float>)pred, gt, o, scale);
        var parts = new MetricSums[blocks];
        Parallel.For(0, blocks, b =>
        {
            var start = b * BlockSize;
            var len = Math.Min(BlockSize, gt.Length - start);
            parts[b] = OfBlock(pred.AsSpan(start, len), gt.AsSpan(start, len), o, scale);
        });
        var total = new MetricSums();
        foreach (var part in parts) total.Add(part);
        return total;
    }

    private static MetricSums OfBlock(ReadOnlySpan<float> pred, ReadOnlySpan<float> gt, MetricsOptions o, double scale)
    {
        // Options hoisted into locals: this loop is the whole cost of an evaluation.
        double lo = o.MinDepthMm, hi = o.MaxDepthMm;
        var clamp = o.ClampPredictions;
        double absRel = 0, absLog = 0, sq = 0, sqRel = 0, sqLog = 0;
        long d1 = 0, d2 = 0, d3 = 0, count = 0, missing = 0;
        pred = pred[..gt.Length];
        for (var i = 0; i < gt.Length; i++)
        {
            double g = gt[i];
            if (!(g > 0 && g >= lo && g <= hi) || double.IsInfinity(g)) continue;
            var p = pred[i] * scale;
            if (clamp && !double.IsNaN(p)) p = Math.Clamp(p, lo, hi);
            if (!(p > 0) || double.IsInfinity(p)) { missing++; continue; }
            var d = g - p;
            var ratio = g / p;
            var lr = Math.Log(ratio);
            var alr = Math.Abs(lr);
            absRel += Math.Abs(d) / g;  // rel
            absLog += alr;              // log10 (÷ ln 10 at the end)
            sq += d * d;                // rms
            sqRel += d * d / g;         // sq_rel
            sqLog += lr * lr;           // rmse_log
            var m = Math.Max(ratio, p / g); // δ: max(g/p, p/g) < 1.25ᵏ
            if (m < 1.25) d1++;
            if (m < 1.25 * 1.25) d2++;
            if (m < 1.25 * 1.25 * 1.25) d3++;
            count++;
        }
        return new MetricSums
        {
            AbsRel = absRel, AbsLog10 = absLog / Ln10, Sq = sq, SqRel = sqRel, SqLog = sqLog,
            D1 = d1, D2 = d2, D3 = d3, Count = count, Missing = missing,
        };
    }

    public void Add(in MetricSums o)
    {
        AbsRel += o.AbsRel; AbsLog10 += o.AbsLog10; Sq += o.Sq; SqRel += o.SqRel; SqLog += o.SqLog;
        D1 += o.D1; D2 += o.D2; D3 += o.D3; Count += o.Count; Missing += o.Missing;
    }

    public readonly DepthMetrics ToMetrics()
    {
        if (Count == 0) return DepthMetrics.Empty with { MissingPredictions = Missing };
        double n = Count;
        return new DepthMetrics(AbsRel / n, AbsLog10 / n, Math.Sqrt(Sq / n), SqRel / n, Math.Sqrt(SqLog / n),
            D1 / n, D2 / n, D3 / n, Count) { MissingPredictions = Missing };
    }
}
