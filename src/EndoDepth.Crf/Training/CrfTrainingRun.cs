using EndoDepth.Datasets;
using EndoDepth.IO;
using Microsoft.Extensions.Logging;

namespace EndoDepth.Crf.Training;

/// <summary>
/// The one training entry point over a dataset folder: open its train split as a streamed set, fill the preprocessing
/// cache, train (or fine-tune) with a checkpoint after every epoch, save the model atomically, drop the checkpoint.
/// Started again after an interruption, it resumes from the checkpoint.
/// </summary>
public static class CrfTrainingRun
{
    /// <summary>Trains <paramref name="model"/> on the train split of <paramref name="data"/> and saves it.</summary>
    /// <param name="model">The model (new, or loaded for fine-tuning).</param>
    /// <param name="training">Optimisation settings; the warm-up is capped at a twentieth of the run's steps so short
    /// runs reach their learning rate.</param>
    /// <param name="data">The dataset folder.</param>
    /// <param name="modelPath">The model file to write.</param>
    /// <param name="checkpointPath">The checkpoint (default: <paramref name="modelPath"/>.ckpt); resumed if
    /// present.</param>
    /// <param name="preparation">Receives the number of items whose superpixels are ready.</param>
    /// <param name="progress">Receives training progress.</param>
    /// <param name="logger">Receives a line per epoch.</param>
    /// <param name="cancellationToken">Cancels between items and steps (the last checkpoint stays valid).</param>
    /// <exception cref="DatasetException">The split is empty or an item is unusable.</exception>
    /// <exception cref="TrainingDivergedException">The loss stopped being finite.</exception>
    /// <exception cref="FolderInUseException">Another run is writing <paramref name="modelPath"/>.</exception>
    public static TrainingResult Run(CrfModel model, TrainingSettings training, DatasetFolder data, string modelPath,
        string? checkpointPath = null, IProgress<int>? preparation = null, IProgress<TrainingProgress>? progress = null,
        ILogger? logger = null, CancellationToken cancellationToken = default) =>
        Run(model, training, [data], modelPath, checkpointPath, preparation, progress, logger, cancellationToken);

    /// <summary>
    /// Trains <paramref name="model"/> on the train splits of several dataset folders together and saves it.
    /// </summary>
    /// <inheritdoc cref="Run(CrfModel, TrainingSettings, DatasetFolder, string, string?, IProgress{int}?, IProgress{TrainingProgress}?, ILogger?, CancellationToken)"/>
    public static TrainingResult Run(CrfModel model, TrainingSettings training, IReadOnlyList<DatasetFolder> data,
        string modelPath,
        string? checkpointPath = null, IProgress<int>? preparation = null, IProgress<TrainingProgress>? progress = null,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(modelPath);
        if (data.Count == 0) throw new ArgumentException("No dataset folder.", nameof(data));
        using var writing = FolderLock.AcquireForFile(modelPath); // one run per model file (and its checkpoint)
        var sets = data.Select(d => TrainingData.Open(d, SplitName.Train, model.Settings)).ToList();
        var done = 0;
        foreach (var s in sets)
        {
            var before = done;
            s.Prepare(preparation is null ? null : new Offset(preparation, before),
                cancellationToken: cancellationToken);
            done += s.Count;
        }
        var set = new ConcatenatedList<TrainingExample>(sets);
        var steps = (long)training.Epochs * ((set.Count + training.ImagesPerStep - 1) / training.ImagesPerStep);
        training = training with { WarmupSteps = (int)Math.Min(training.WarmupSteps, Math.Max(1, steps / 20)) };
        checkpointPath ??= modelPath + ".ckpt";
        var result = new CrfTrainer(model, training, logger).Train(set, checkpointPath, progress, cancellationToken);
        model.Save(modelPath);
        File.Delete(checkpointPath);
        return result;
    }
}

/// <summary>Several read-only lists read as one, by index.</summary>
internal sealed class ConcatenatedList<T>(IReadOnlyList<IReadOnlyList<T>> parts) : IReadOnlyList<T>
{
    private readonly int[] starts = parts.Select((_, i) => parts.Take(i).Sum(p => p.Count)).ToArray();

    public int Count { get; } = parts.Sum(p => p.Count);

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var k = Array.BinarySearch(starts, index);
            if (k < 0) k = ~k - 1;
            // the last part starting at or before index (empty parts share starts)
            while (k + 1 < starts.Length && starts[k + 1] <= index) k++;
            return parts[k][index - starts[k]];
        }
    }

    public IEnumerator<T> GetEnumerator() => parts.SelectMany(p => p).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Reports a count offset by the items of the folders before.</summary>
internal sealed class Offset(IProgress<int> inner, int offset) : IProgress<int>
{
    public void Report(int value) => inner.Report(offset + value);
}
