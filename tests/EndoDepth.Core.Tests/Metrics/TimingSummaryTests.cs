using EndoDepth.Metrics;

namespace EndoDepth.Core.Tests.Metrics;

public sealed class TimingSummaryTests
{
    [Fact]
    public void Nearest_rank_percentiles_of_one_to_twenty_are_ten_and_nineteen()
    {
        // 1..20 ms shuffled: nearest rank p50 = ⌈0.5·20⌉ = 10th smallest, p95 = ⌈0.95·20⌉ = 19th smallest.
        double[] ms = [7, 20, 3, 1, 15, 9, 12, 18, 2, 5, 11, 4, 16, 8, 19, 6, 14, 10, 13, 17];
        var s = TimingSummary.Of(ms);
        Assert.Equal(new TimingSummary(20, 210, 10.5, 10, 19, 20), s);
    }

    [Fact]
    public void One_time_is_every_statistic_and_bad_times_are_refused()
    {
        Assert.Equal(new TimingSummary(1, 4, 4, 4, 4, 4), TimingSummary.Of([4.0]));
        Assert.Throws<ArgumentException>(() => TimingSummary.Of([]));
        Assert.Throws<ArgumentException>(() => TimingSummary.Of([1, double.NaN]));
        Assert.Throws<ArgumentException>(() => TimingSummary.Of([-1.0]));
    }
}
