using EndoDepth.Datasets;

namespace EndoDepth.Crf.Training;

/// <summary>Loads training examples from a dataset folder (the foundation's format).</summary>
public static class TrainingData
{
    /// <summary>Name of the default cache folder inside a dataset folder.</summary>
    public const string CacheFolderName = ".cache";

    /// <summary>
    /// Opens a split as a <see cref="StreamedTrainingSet"/>: reads the item list only; examples are loaded when read,
    /// their preprocessing cached under <paramref name="cacheRoot"/> (default: the dataset's <c>.cache</c> folder).
    /// </summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="split">The split (without splits.json every item is train).</param>
    /// <param name="settings">Model settings (superpixels, similarities, target).</param>
    /// <param name="cacheRoot">Where the cache lives; null for <c>DATASET/.cache</c>.</param>
    /// <exception cref="DatasetException">The folder is unusable or the split is empty.</exception>
    public static StreamedTrainingSet Open(DatasetFolder folder, SplitName split, CrfModelSettings settings,
        string? cacheRoot = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(settings);
        var items = folder.ReadSplit(split);
        if (items.Count == 0) throw new DatasetException(Path.Combine(folder.Root, DatasetFolder.SplitsFileName),
            $"the {split} split is empty");
        return new StreamedTrainingSet(folder, split, items, settings,
            cacheRoot ?? Path.Combine(folder.Root, CacheFolderName));
    }

    /// <summary>
    /// Loads and prepares every item of a split into memory (in manifest order), through the same cache as
    /// <see cref="Open"/>. For large datasets prefer <see cref="Open"/>: this holds every image in memory.
    /// </summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="split">The split (without splits.json every item is train).</param>
    /// <param name="settings">Model settings (superpixels, similarities, target).</param>
    /// <param name="progress">Receives the number of items prepared so far.</param>
    /// <param name="cancellationToken">Cancels between items.</param>
    /// <exception cref="DatasetException">The folder or an item is unusable.</exception>
    public static IReadOnlyList<TrainingExample> Load(DatasetFolder folder, SplitName split, CrfModelSettings settings,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var set = Open(folder, split, settings);
        var examples = new List<TrainingExample>(set.Count);
        foreach (var item in set.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            examples.Add(set.Load(item, cancellationToken, out _));
            progress?.Report(examples.Count);
        }
        return examples;
    }
}
