using EndoDepth.IO;

namespace EndoDepth.Metrics;

/// <summary>
/// Evaluates a folder of predicted depth maps against a folder of ground truth: files are paired by name without
/// extension (.npy or 16-bit .png, mixed allowed), and both folders must hold exactly the same names.
/// </summary>
public static class FolderEvaluation
{
    /// <summary>Pairs the depth files of two folders by name, ordered by name (ordinal).</summary>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="DataFileException">No depth files, two files with one name, or names that do not
    /// pair.</exception>
    public static IReadOnlyList<DepthFilePair> Pair(string predictionFolder, string groundTruthFolder)
    {
        ArgumentNullException.ThrowIfNull(predictionFolder);
        ArgumentNullException.ThrowIfNull(groundTruthFolder);
        var p = ByName(predictionFolder);
        var g = ByName(groundTruthFolder);
        if (p.Count == 0) throw new DataFileException(Path.GetFullPath(predictionFolder),
            "no .npy or .png depth maps in this folder");
        var noGt = p.Keys.Where(k => !g.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var noPred = g.Keys.Where(k => !p.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (noGt.Count > 0 || noPred.Count > 0)
            throw new DataFileException(Path.GetFullPath(predictionFolder),
                $"files do not pair by name with {Path.GetFullPath(groundTruthFolder)}: {noGt.Count} predictions " +
                $"without ground truth{Example(noGt)}, {noPred.Count} ground truths without " +
                $"prediction{Example(noPred)}");
        return p.Keys.Order(StringComparer.Ordinal).Select(k => new DepthFilePair(k, p[k], g[k])).ToList();
    }

    /// <summary>
    /// Reads each pair and adds it to a new accumulator (per-image alignment as <paramref name="options"/> say).
    /// Reports the number of pairs done.
    /// </summary>
    /// <exception cref="DataFileException">A file is malformed, or a prediction's size differs from its ground
    /// truth's.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static MetricsAccumulator Evaluate(IEnumerable<DepthFilePair> pairs, MetricsOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var acc = new MetricsAccumulator(options);
        var done = 0;
        foreach (var pair in pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pred = DepthFile.Read(pair.Prediction);
            var gt = DepthFile.Read(pair.GroundTruth);
            if (pred.Width != gt.Width || pred.Height != gt.Height)
                throw new DataFileException(pair.Prediction,
                    $"prediction is {pred.Width}×{pred.Height}, its ground truth {pair.GroundTruth} is " +
                    $"{gt.Width}×{gt.Height}");
            acc.Add(pred, gt);
            progress?.Report(++done);
        }
        return acc;
    }

    private static Dictionary<string, string> ByName(string folder)
    {
        var d = new DirectoryInfo(folder);
        if (!d.Exists) throw new DirectoryNotFoundException($"{d.FullName}: no such folder");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in d.EnumerateFiles().Where(f => DepthFile.IsDepthFile(f.Name))
            .OrderBy(f => f.Name, StringComparer.Ordinal))
            if (!map.TryAdd(Path.GetFileNameWithoutExtension(f.Name), f.FullName))
                throw new DataFileException(f.FullName,
                    $"two depth files named '{Path.GetFileNameWithoutExtension(f.Name)}' in one folder");
        return map;
    }

    private static string Example(List<string> names) => names.Count > 0 ? $" (e.g. '{names[0]}')" : "";
}
