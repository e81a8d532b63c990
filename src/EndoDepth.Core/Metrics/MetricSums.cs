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
    public static bool IsEvaluated(float g, MetricsOptions o) => float.IsFinite(g) && g > 0 && g >= o.MinDepthMm && g <= o.MaxDepthMm;

    /// <summary>The prediction as evaluated: scaled, then clamped when the options say so.</summary>
    public static double Evaluated(float p, double scale, MetricsOptions o)
    {
        double v = p * scale;
        if (o.ClampPredictions && !double.IsNaN(v)) v = Math.Clamp(v, o.MinDepthMm, o.MaxDepthMm);
        return v;
    }

    public static MetricSums Of(ReadOnlySpan<float> pred, ReadOnlySpan<float> gt, MetricsOptions o, double scale)
    {
        var s = new MetricSums();
        for (var i = 0; i < gt.Length; i++)
        {
            var g = gt[i];
            if (!IsEvaluated(g, o)) continue;
            var p = Evaluated(pred[i], scale, o);
            if (!double.IsFinite(p) || p <= 0) { s.Missing++; continue; }
            s.Add(g, p);
        }
        return s;
    }

    private void Add(double g, double p)
    {
        var d = g - p;
        var lr = Math.Log(g / p);
        AbsRel += Math.Abs(d) / g;   // rel
        AbsLog10 += Math.Abs(lr) / Ln10; // log10
        Sq += d * d;                 // rms
        SqRel += d * d / g;          // sq_rel
        SqLog += lr * lr;            // rmse_log
        var ratio = Math.Max(g / p, p / g);
        if (ratio < 1.25) D1++;
        if (ratio < 1.25 * 1.25) D2++;
        if (ratio < 1.25 * 1.25 * 1.25) D3++;
        Count++;
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
