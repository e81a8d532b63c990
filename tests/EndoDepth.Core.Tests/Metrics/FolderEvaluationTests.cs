using System.Text.Json;
using EndoDepth.IO;
using EndoDepth.Metrics;

namespace EndoDepth.Core.Tests.Metrics;

public class FolderEvaluationTests
{
    [Fact]
    public void Folders_pair_by_name_and_evaluate_to_numpys_values()
    {
        var pairs = FolderEvaluation.Pair(RepoFixtures.Numpy("metrics", "cli", "pred"),
            RepoFixtures.Numpy("metrics", "cli", "gt"));
        Assert.Equal(["frame_0", "frame_1", "frame_2"], pairs.Select(p => p.Name));
        var seen = new List<int>();
        var acc = FolderEvaluation.Evaluate(pairs, new MetricsOptions { Alignment = DepthAlignment.Median },
            new SyncProgress(seen.Add));
        Assert.Equal([1, 2, 3], seen);
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFixtures.Numpy("metrics", "expected.json")));
        var e = doc.RootElement[2];
        Assert.Equal("median", e.GetProperty("align").GetString());
        Assert.Equal(e.GetProperty("all_pixels").GetProperty("rms").GetDouble(), acc.Result().Rms, 9);
    }

    [Fact]
    public void Unpaired_folders_missing_folders_and_cancellation_are_reported()
    {
        var e = Assert.Throws<DataFileException>(
            () => FolderEvaluation.Pair(RepoFixtures.Numpy("metrics", "cli", "pred"), RepoFixtures.Numpy("npy")));
        var twice = Assert.Throws<DataFileException>(() => FolderEvaluation.Pair(RepoFixtures.Numpy("png"),
            RepoFixtures.Numpy("png")));
        Assert.Contains("two depth files named", twice.Message, StringComparison.Ordinal);
        Assert.Contains("do not pair", e.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => FolderEvaluation.Pair(RepoFixtures.Numpy("nope"),
            RepoFixtures.Numpy("png")));
        var pairs = FolderEvaluation.Pair(RepoFixtures.Numpy("metrics", "cli", "pred"),
            RepoFixtures.Numpy("metrics", "cli", "gt"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => FolderEvaluation.Evaluate(pairs, cancellationToken: cts.Token));
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
