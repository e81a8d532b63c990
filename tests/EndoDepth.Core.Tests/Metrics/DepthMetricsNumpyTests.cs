using System.Text.Json;
using EndoDepth.IO;
using EndoDepth.Metrics;

namespace EndoDepth.Core.Tests.Metrics;

/// <summary>Metrics against numpy's values (tests/fixtures/numpy/make_fixtures.py, function make_metrics).</summary>
public class DepthMetricsNumpyTests
{
    private const double Tol = 1e-9;

    public static TheoryData<int> Cases() => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Per_image_and_set_metrics_match_numpy(int caseIndex)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFixtures.Numpy("metrics", "expected.json")));
        var c = doc.RootElement[caseIndex];
        var options = new MetricsOptions
        {
            Alignment = c.GetProperty("align")
                .GetString() switch { "median" => DepthAlignment.Median, "lsq" => DepthAlignment.LeastSquares,
                    _ => DepthAlignment.None },
            MinDepthMm = c.GetProperty("min").GetDouble(),
            MaxDepthMm = c.GetProperty("max").ValueKind == JsonValueKind.Null
                ? double.PositiveInfinity
                : c.GetProperty("max").GetDouble(),
            ClampPredictions = c.GetProperty("clamp").GetBoolean(),
        };
        var acc = new MetricsAccumulator(options);
        for (var k = 0; k < 3; k++)
        {
            var gt = NpyFile.ReadDepth(RepoFixtures.Numpy("metrics", $"gt_{k}.npy"));
            var pred = NpyFile.Read(RepoFixtures.Numpy("metrics", $"pred_{k}.npy")).ToFloat32();
            var m = acc.Add(pred, gt.Millimetres);
            var e = c.GetProperty("per_image")[k];
            AssertMatches(e, m);
            Assert.Equal(e.GetProperty("missing").GetInt64(), m.MissingPredictions);
            Assert.Equal(e.GetProperty("scale").GetDouble(), m.Scale, Tol);
        }
        AssertMatches(c.GetProperty("all_pixels"), acc.Result(MetricsAggregation.AllPixels));
        AssertMatches(c.GetProperty("mean_of_images"), acc.Result(MetricsAggregation.MeanOfImages));
    }

    private static void AssertMatches(JsonElement e, DepthMetrics m)
    {
        Assert.Equal(e.GetProperty("count").GetInt64(), m.Count);
        AssertClose(e.GetProperty("rel").GetDouble(), m.Rel);
        AssertClose(e.GetProperty("log10").GetDouble(), m.Log10);
        AssertClose(e.GetProperty("rms").GetDouble(), m.Rms);
        AssertClose(e.GetProperty("sq_rel").GetDouble(), m.SqRel);
        AssertClose(e.GetProperty("rmse_log").GetDouble(), m.RmseLog);
        AssertClose(e.GetProperty("d1").GetDouble(), m.Delta1);
        AssertClose(e.GetProperty("d2").GetDouble(), m.Delta2);
        AssertClose(e.GetProperty("d3").GetDouble(), m.Delta3);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tol * Math.Max(1, Math.Abs(expected)),
            $"expected {expected}, got {actual}");
}
