using EndoDepth.Datasets;

namespace EndoDepth.Baselines;

/// <summary>The items a baseline is fitted on, and the refusals every fit shares.</summary>
internal static class FitItems
{
    /// <summary>
    /// The items of <paramref name="split"/>; when that split is empty, all manifest items if the folder has no
    /// <c>splits.json</c> (an unsplit folder), else a <see cref="DatasetException"/> naming the folder.
    /// </summary>
    public static IReadOnlyList<DatasetItem> Read(DatasetFolder folder, SplitName split)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var items = folder.ReadSplit(split);
        if (items.Count > 0) return items;
        if (!File.Exists(Path.Combine(folder.Root, DatasetFolder.SplitsFileName))) return folder.ReadManifest();
        throw new DatasetException(folder.Root, $"the {split} split is empty: nothing to fit a baseline on");
    }

    /// <summary>The refusal of a set without one valid ground-truth pixel.</summary>
    public static DatasetException NoValidPixel(DatasetFolder folder, SplitName split) =>
        new(folder.Root, $"no valid ground-truth pixel in the {split} split: nothing to fit a baseline on");
}
