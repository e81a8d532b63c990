using System.Buffers.Binary;
using System.Security.Cryptography;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Crf.Training;
using EndoDepth.Datasets;
using EndoDepth.IO;

namespace EndoDepth.Crf.Tests;

/// <summary>The streamed training set and its on-disk cache of preprocessed examples (no torch involved).</summary>
public sealed class StreamedTrainingSetTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("endodepth-stream-").FullName;
    private readonly CrfModelSettings settings = CrfModelSettings.Tiny();

    public void Dispose() => Directory.Delete(root, true);

    private DatasetFolder Data(int count = 4) => TinyDataset.Create(Path.Combine(root, "data"), count);

    private TrainingExample Fresh(DatasetFolder folder, DatasetItem item) =>
        TrainingExample.Create(item.Id, folder.LoadImage(item), folder.LoadDepth(item), settings);

    private static void AssertSame(TrainingExample expected, TrainingExample actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Image.Width, actual.Image.Width);
        Assert.Equal(expected.Image.Height, actual.Image.Height);
        Assert.Equal(expected.Image.Data, actual.Image.Data);
        Assert.Equal(expected.NodeOfPixel, actual.NodeOfPixel);
        Assert.Equal(expected.CentroidX, actual.CentroidX);
        Assert.Equal(expected.CentroidY, actual.CentroidY);
        Assert.Equal(expected.Graph.NodeCount, actual.Graph.NodeCount);
        Assert.Equal(expected.Graph.From, actual.Graph.From);
        Assert.Equal(expected.Graph.To, actual.Graph.To);
        Assert.Equal(expected.Similarities, actual.Similarities);
        Assert.Equal(expected.Targets, actual.Targets);
    }

    private static bool Computed(StreamedTrainingSet set, int i)
    {
        set.Load(set.Items[i], CancellationToken.None, out var computed);
        return computed;
    }

    [Fact]
    public void A_cached_example_equals_a_freshly_computed_one_field_by_field()
    {
        var folder = Data();
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        Assert.Equal(Path.Combine(folder.Root, ".cache"), Path.GetDirectoryName(set.CacheFolder));
        var reported = new List<int>();
        Assert.Equal(4, set.Prepare(new LockedProgress<int>(reported.Add)));
        Assert.Equal(4, reported.Count);
        Assert.Equal(4, reported.Max());
        Assert.Equal(0, TrainingData.Open(folder, SplitName.Train, settings).Prepare());
        for (var i = 0; i < set.Count; i++)
        {
            Assert.False(Computed(set, i));
            var fresh = Fresh(folder, set.Items[i]);
            // The invariant the cache rests on: preprocessing is deterministic.
            AssertSame(fresh, Fresh(folder, set.Items[i]));
            AssertSame(fresh, set[i]);
        }
        Assert.Equal(set.Select(e => e.Id), set.Items.Select(i => i.Id));
        var loaded = TrainingData.Load(folder, SplitName.Train, settings);
        for (var i = 0; i < set.Count; i++) AssertSame(set[i], loaded[i]);
    }

    [Fact]
    public void Other_preprocessing_settings_use_another_folder_and_other_settings_do_not()
    {
        var folder = Data(1);
        var a = TrainingData.Open(folder, SplitName.Train, settings);
        var b = TrainingData.Open(folder, SplitName.Train, settings with { Slic = settings.Slic with { Count = 24 } });
        var c = TrainingData.Open(folder, SplitName.Train,
            settings with { Pairwise = settings.Pairwise with { UseLbp = true } });
        var d = TrainingData.Open(folder, SplitName.Train, settings with { Target = DepthTarget.Linear });
        var same = TrainingData.Open(folder, SplitName.Train,
            settings with { InferenceBatch = 7, Unary = settings.Unary with { } });
        Assert.Equal(4, new[] { a, b, c, d }.Select(s => s.CacheFolder).Distinct().Count());
        Assert.Equal(a.CacheFolder, same.CacheFolder);
        Assert.Matches("^crf-[0-9a-f]{12}$", Path.GetFileName(a.CacheFolder));
        a.Prepare();
        Assert.Equal(1, b.Prepare());
        Assert.Equal(24, b.Settings.Slic.Count);
        AssertSame(Fresh(folder, a.Items[0]), a[0]);
        var custom = TrainingData.Open(folder, SplitName.Train, settings, Path.Combine(root, "elsewhere"));
        Assert.StartsWith(Path.Combine(root, "elsewhere"), custom.CacheFolder, StringComparison.Ordinal);
    }

    [Fact]
    public void Touching_a_source_file_invalidates_its_cache_entry()
    {
        var folder = Data(2);
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        set.Prepare();
        var depth = folder.Resolve(set.Items[0].Depth);
        File.SetLastWriteTimeUtc(depth, File.GetLastWriteTimeUtc(depth).AddSeconds(5));
        Assert.Equal(1, set.Prepare());
        Assert.False(Computed(set, 0));

        // New content of the same length: the depth of another item, and the targets follow it.
        File.Copy(folder.Resolve(set.Items[1].Depth), depth, overwrite: true);
        File.SetLastWriteTimeUtc(depth, DateTime.UtcNow.AddMinutes(1));
        Assert.True(Computed(set, 0));
        Assert.False(Computed(set, 0));
        Assert.False(Computed(set, 1));
        AssertSame(Fresh(folder, set.Items[0]), set[0]);

        var image = folder.Resolve(set.Items[1].Image);
        File.SetLastWriteTimeUtc(image, DateTime.UtcNow.AddMinutes(2));
        Assert.True(Computed(set, 1));
    }

    [Fact]
    public void Truncated_garbage_and_empty_cache_files_are_recomputed_without_an_exception()
    {
        var folder = Data(1);
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        set.Prepare();
        var path = set.CachePathOf(set.Items[0]);
        var good = File.ReadAllBytes(path);
        var fresh = Fresh(folder, set.Items[0]);
        var rng = new Random(5);
        var garbage = new byte[good.Length];
        rng.NextBytes(garbage);
        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10; // a bit flip inside the payload: only the checksum notices
        var cases = new List<byte[]> { good[..(good.Length / 2)], good[..^1], good[..40], garbage, Array.Empty<byte>(),
            flipped, good.Append((byte)0).ToArray() };
        foreach (var bad in cases)
        {
            File.WriteAllBytes(path, bad);
            Assert.True(Computed(set, 0), $"{bad.Length} bytes accepted");
            Assert.Equal(good, File.ReadAllBytes(path)); // rewritten
            AssertSame(fresh, set[0]);
            File.WriteAllBytes(path, bad);
            Assert.Equal(ReferenceEquals(bad, flipped) ? 0 : 1, set.Prepare()); // Prepare reads headers only
        }
    }

    [Fact]
    public void A_file_of_another_item_is_not_taken_for_this_one()
    {
        var folder = Data(2);
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        set.Prepare();
        File.Copy(set.CachePathOf(set.Items[1]), set.CachePathOf(set.Items[0]), overwrite: true);
        Assert.True(Computed(set, 0));
        AssertSame(Fresh(folder, set.Items[0]), set[0]);
    }

    [Theory]
    [InlineData(TrainingExampleCache.NodeCountOffset, int.MaxValue)]
    [InlineData(TrainingExampleCache.NodeCountOffset, int.MinValue)]
    [InlineData(TrainingExampleCache.EdgeCountOffset, int.MaxValue)]
    [InlineData(TrainingExampleCache.RunCountOffset, 1 << 30)]
    [InlineData(100, int.MaxValue)] // id length
    [InlineData(76, 1 << 16)] // width
    public void Hostile_counts_are_treated_as_corrupt_without_a_large_allocation(int offset, int value)
    {
        var folder = Data(1);
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        set.Prepare();
        var item = set.Items[0];
        var path = set.CachePathOf(item);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32),
            bytes.AsSpan(bytes.Length - 32)); // a consistent checksum: only the counts give it away
        File.WriteAllBytes(path, bytes);

        var cache = new TrainingExampleCache(Path.GetDirectoryName(set.CacheFolder)!, settings);
        var image = folder.LoadImage(item);
        var imageStamp = SourceStamp.Of(folder.Resolve(item.Image));
        var depthStamp = SourceStamp.Of(folder.Resolve(item.Depth));
        // The header probe cannot know the image's width.
        if (offset != 76) Assert.False(cache.IsCurrent(item.Id, imageStamp, depthStamp));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(cache.TryRead(item.Id, image, imageStamp, depthStamp));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 2 * bytes.Length + 4096, $"allocated {allocated} bytes for a file of {bytes.Length}");
        Assert.True(Computed(set, 0));
    }

    [Fact]
    public void A_huge_cache_file_is_not_read()
    {
        var folder = Data(1);
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        set.Prepare();
        var item = set.Items[0];
        var path = set.CachePathOf(item);
        var head = File.ReadAllBytes(path)[..TrainingExampleCache.HeaderBytes];
        using (var f = new FileStream(path, FileMode.Create))
        {
            f.Write(head);
            f.SetLength(1L << 30); // sparse
        }
        var cache = new TrainingExampleCache(Path.GetDirectoryName(set.CacheFolder)!, settings);
        var image = folder.LoadImage(item);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(cache.TryRead(item.Id, image, SourceStamp.Of(folder.Resolve(item.Image)),
            SourceStamp.Of(folder.Resolve(item.Depth))));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.True(Computed(set, 0));
        Assert.True(new FileInfo(path).Length < 1 << 20);
    }

    [Fact]
    public void Concurrent_reads_return_consistent_examples()
    {
        var folder = Data(8);
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        var expected = set.Items.Select(i => Fresh(folder, i)).ToArray();
        var got = new TrainingExample[4 * set.Count];
        // Cold cache: every item is computed and written while others (and the same item) are read.
        Parallel.For(0, got.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            k => got[k] = set[k % set.Count]);
        for (var k = 0; k < got.Length; k++) AssertSame(expected[k % set.Count], got[k]);
        Parallel.For(0, got.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            k => got[k] = set[(k * 5) % set.Count]);
        for (var k = 0; k < got.Length; k++) AssertSame(expected[(k * 5) % set.Count], got[k]);
        Assert.Empty(Directory.GetFiles(set.CacheFolder, "*.tmp"));
        Assert.Equal(set.Count, Directory.GetFiles(set.CacheFolder, "*.bin").Length);
    }

    [Fact]
    public void Ids_that_are_not_plain_file_names_get_hashed_file_names()
    {
        var cache = new TrainingExampleCache(root, settings);
        Assert.Equal("item001.bin", Path.GetFileName(cache.PathOf("item001")));
        foreach (var id in new[] { "../evil", "a/b", "", ".hidden", "con:1", new string('x', 300) })
        {
            var name = Path.GetFileName(cache.PathOf(id));
            Assert.Matches("^x-[0-9a-f]{32}\\.bin$", name);
            Assert.Equal(cache.Folder, Path.GetDirectoryName(cache.PathOf(id)));
        }
        Assert.NotEqual(cache.PathOf("a/b"), cache.PathOf("a\\b"));
    }

    [Fact]
    public void An_empty_split_and_unusable_items_raise_DatasetException_naming_the_file()
    {
        var folder = Data(2);
        Assert.Throws<DatasetException>(() => TrainingData.Open(folder, SplitName.Test, settings));
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        Assert.Throws<ArgumentOutOfRangeException>(() => set[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => set[-1]);

        var depth = folder.Resolve(set.Items[1].Depth);
        DepthFile.Write(depth, new Imaging.DepthMap(TinyDataset.Size, TinyDataset.Size)); // no valid depth anywhere
        var e = Assert.Throws<DatasetException>(() => set.Prepare());
        Assert.Equal(depth, e.FilePath);
        Assert.Equal(depth, Assert.Throws<DatasetException>(() => set[1]).FilePath);

        File.WriteAllBytes(depth, [1, 2, 3]);
        Assert.Equal(depth, Assert.Throws<DatasetException>(() => set.Prepare()).FilePath);
        var image = folder.Resolve(set.Items[0].Image);
        File.WriteAllBytes(image, [1, 2, 3]);
        Assert.Equal(image, Assert.Throws<DatasetException>(() => set[0]).FilePath);
        File.Delete(image);
        Assert.Equal(image, Assert.Throws<DatasetException>(() => set[0]).FilePath);
    }

    [Fact]
    public void Prepare_observes_cancellation()
    {
        var folder = Data(4);
        var set = TrainingData.Open(folder, SplitName.Train, settings);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => set.Prepare(cancellationToken: cts.Token));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Prepare(maxDegreeOfParallelism: 0));
    }

    private sealed class LockedProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock gate = new();
        public void Report(T value) { lock (gate) report(value); }
    }
}
