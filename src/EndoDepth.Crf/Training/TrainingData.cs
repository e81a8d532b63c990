using EndoDepth.Datasets;

namespace EndoDepth.Crf.Training;

/// <summary>Loads training examples from a dataset folder (the foundation's format).</summary>
public static class TrainingData
{
    /// <summary>Loads and prepares every item of a split (in manifest order).</summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="split">The split (without splits.json every item is train).</param>
    /// <param name="settings">Model settings (superpixels, similarities, target).</param>
    /// <param name="progress">Receives the number of items prepared so far.</param>
    /// <param name="cancellationToken">Cancels between items.</param>
    /// <exception cref="DatasetException">The folder or an item is unusable.</exception>
    public static IReadOnlyList<TrainingExample> Load(DatasetFolder folder, SplitName split, CrfModelSettings settings,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(settings);
        var items = folder.ReadSplit(split);
        if (items.Count == 0) throw new DatasetException(Path.Combine(folder.Root, DatasetFolder.SplitsFileName), $"the {split} split is empty");
        var examples = new List<TrainingExample>(items.Count);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = folder.LoadImage(item);
            var depth = folder.LoadDepth(item);
            try { examples.Add(TrainingExample.Create(item.Id, image, depth, settings, cancellationToken)); }
            catch (ArgumentException e) { throw new DatasetException(folder.Resolve(item.Depth), e.Message, null, e); }
            progress?.Report(examples.Count);
        }
        return examples;
    }
}
