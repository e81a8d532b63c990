using System.Collections;
using System.Runtime.ExceptionServices;
using EndoDepth.Datasets;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Crf.Training;

/// <summary>
/// The training examples of a dataset split, loaded on demand: the set holds only the item list; reading an example
/// loads its image and its cached preprocessing (superpixels, graph, similarities, targets), computing and caching
/// the latter on a miss. Memory stays flat in the number of items. Open one with
/// <see cref="TrainingData.Open"/>; fill the cache up front with <see cref="Prepare"/>.
/// <para>
/// The cache holds one file per item under <see cref="CacheFolder"/>; the folder's name depends on the preprocessing
/// settings, and a file is recomputed when its image or depth file changed (length or last-write time), or when it
/// is truncated or corrupt. Reading examples is safe from several threads at once.
/// </para>
/// </summary>
public sealed class StreamedTrainingSet : IReadOnlyList<TrainingExample>
{
    private readonly IReadOnlyList<DatasetItem> items;
    private readonly TrainingExampleCache cache;

    internal StreamedTrainingSet(DatasetFolder folder, SplitName split, IReadOnlyList<DatasetItem> items,
        CrfModelSettings settings, string cacheRoot)
    {
        Folder = folder; Split = split; this.items = items; Settings = settings;
        cache = new TrainingExampleCache(cacheRoot, settings);
    }

    /// <summary>The dataset folder.</summary>
    public DatasetFolder Folder { get; }

    /// <summary>The split.</summary>
    public SplitName Split { get; }

    /// <summary>The model settings the examples are prepared for.</summary>
    public CrfModelSettings Settings { get; }

    /// <summary>The items, in manifest order (the order of the examples).</summary>
    public IReadOnlyList<DatasetItem> Items => items;

    /// <summary>
    /// The folder of this set's cache files: <c>CACHEROOT/crf-KEY</c>, KEY derived from the preprocessing settings.
    /// </summary>
    public string CacheFolder => cache.Folder;

    /// <summary>Number of examples.</summary>
    public int Count => items.Count;

    /// <summary>
    /// Loads example <paramref name="index"/>: its image, and its preprocessing from the cache (computed and cached on
    /// a miss).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such index.</exception>
    /// <exception cref="DatasetException">The item's image or depth cannot be read, or has no superpixel with valid
    /// depth.</exception>
    public TrainingExample this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, items.Count);
            return Load(items[index], CancellationToken.None, out _);
        }
    }

    /// <summary>
    /// Computes and caches the preprocessing of every item whose cache file is missing or stale (the files present
    /// are checked by their header only), in parallel. Returns the number of items computed.
    /// </summary>
    /// <param name="progress">Receives the number of items checked or computed so far.</param>
    /// <param name="maxDegreeOfParallelism">Items prepared at once (default 2).</param>
    /// <param name="cancellationToken">Cancels between items.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is less than
    /// 1.</exception>
    /// <exception cref="DatasetException">An item cannot be prepared, or its cache file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public int Prepare(IProgress<int>? progress = null, int maxDegreeOfParallelism = 2,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        int done = 0, computed = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism,
            CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, items.Count, options, i =>
            {
                var item = items[i];
                var (imageStamp, depthStamp) = Stamps(item);
                if (!cache.IsCurrent(item.Id, imageStamp, depthStamp))
                {
                    var example = Compute(item, LoadImage(item), cancellationToken);
                    try { cache.Write(example, imageStamp, depthStamp); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                    {
                        throw new DatasetException(cache.PathOf(item.Id),
                            $"item '{item.Id}': cannot write the cache: {e.Message}", null, e);
                    }
                    Interlocked.Increment(ref computed);
                }
                progress?.Report(Interlocked.Increment(ref done));
            });
        }
        catch (AggregateException e)
        {
            var first = e.InnerExceptions.FirstOrDefault(x => x is DatasetException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        return computed;
    }

    /// <summary>Enumerates the examples in order, loading each as it is reached.</summary>
    public IEnumerator<TrainingExample> GetEnumerator()
    {
        for (var i = 0; i < items.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Loads an item's example; <paramref name="computed"/> is true on a cache miss.</summary>
    internal TrainingExample Load(DatasetItem item, CancellationToken cancellationToken, out bool computed)
    {
        // Stamps before the reads: a source written in between leaves an older stamp, so the next read recomputes.
        var (imageStamp, depthStamp) = Stamps(item);
        var image = LoadImage(item);
        var camera = Folder.LoadCamera(item);
        if (cache.TryRead(item.Id, image, imageStamp, depthStamp) is { } cached)
        {
            computed = false;
            return cached.WithCamera(camera);
        }
        var example = Compute(item, image, cancellationToken).WithCamera(camera);
        try { cache.Write(example, imageStamp, depthStamp); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A read-only dataset, or another thread writing the same item (Windows): the example is still good.
        }
        computed = true;
        return example;
    }

    internal string CachePathOf(DatasetItem item) => cache.PathOf(item.Id);

    private (SourceStamp Image, SourceStamp Depth) Stamps(DatasetItem item)
    {
        return (Stamp(Folder.Resolve(item.Image)), Stamp(Folder.Resolve(item.Depth)));

        SourceStamp Stamp(string path)
        {
            try { return SourceStamp.Of(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DatasetException(path, $"item '{item.Id}': {e.Message}", null, e);
            }
        }
    }

    private ImageF LoadImage(DatasetItem item)
    {
        try { return Folder.LoadImage(item); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(Folder.Resolve(item.Image), $"item '{item.Id}': {e.Message}", null, e);
        }
    }

    private TrainingExample Compute(DatasetItem item, ImageF image, CancellationToken cancellationToken)
    {
        var depthPath = Folder.Resolve(item.Depth);
        DepthMap depth;
        try { depth = Folder.LoadDepth(item); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(depthPath, $"item '{item.Id}': {e.Message}", null, e);
        }
        try { return TrainingExample.Create(item.Id, image, depth, Settings, cancellationToken); }
        catch (ArgumentException e) { throw new DatasetException(depthPath, e.Message, null, e); }
    }
}
