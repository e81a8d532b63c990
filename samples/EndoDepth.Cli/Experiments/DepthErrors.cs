using EndoDepth.Imaging;

namespace EndoDepth.Cli.Experiments;

/// <summary>
/// Accumulates the paper's §3 errors over all valid pixels of a test set (its N): rel = mean |gt − est|/gt,
/// log10 = mean |log10 gt − log10 est|, rms = sqrt(mean (gt − est)²), and δ1 = share with max(gt/est, est/gt) &lt; 1.25.
/// A pixel counts where the ground truth is valid and the estimate is valid and positive.
/// </summary>
public sealed class DepthErrors
{
    private double _rel, _log, _sq, _d1;
    private long _n;

    /// <summary>Adds one image.</summary>
    /// <exception cref="ArgumentException">Sizes differ.</exception>
    public void Add(DepthMap estimate, DepthMap truth)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(truth);
        if (estimate.Width != truth.Width || estimate.Height != truth.Height)
            throw new ArgumentException($"Estimate is {estimate.Width}×{estimate.Height}, ground truth {truth.Width}×{truth.Height}.", nameof(estimate));
        for (var i = 0; i < truth.Millimetres.Length; i++)
        {
            if (!truth.Valid[i] || !estimate.Valid[i]) continue;
            double g = truth.Millimetres[i], e = estimate.Millimetres[i];
            if (!(e > 0)) continue;
            _rel += Math.Abs(g - e) / g;                          // rel
            _log += Math.Abs(Math.Log10(g) - Math.Log10(e));      // log10
            _sq += (g - e) * (g - e);                             // rms
            if (Math.Max(g / e, e / g) < 1.25) _d1++;
            _n++;
        }
    }

    /// <summary>The pooled values (NaN when nothing was counted).</summary>
    public MetricValues Result() => _n == 0
        ? new MetricValues(double.NaN, double.NaN, double.NaN, double.NaN, 0)
        : new MetricValues(_rel / _n, _log / _n, Math.Sqrt(_sq / _n), _d1 / _n, _n);
}
