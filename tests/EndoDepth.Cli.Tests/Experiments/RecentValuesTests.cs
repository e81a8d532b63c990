using System.Runtime.CompilerServices;
using EndoDepth.Datasets;
using EndoDepth.Experiments;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Cli.Tests.Experiments;

/// <summary>
/// The experiment's bounded caches: a run over many phantoms holds a few of them, not all (each carries a distance
/// grid of tens of MB).
/// </summary>
public sealed class RecentValuesTests
{
    [Fact]
    public void Holds_the_most_recently_used_values_up_to_its_capacity_and_recomputes_an_evicted_one()
    {
        var calls = new List<int>();
        var cache = new RecentValues<int, object>(2, k =>
        {
            calls.Add(k);
            return new object();
        });
        var one = cache.Get(1);
        cache.Get(2);
        Assert.Same(one, cache.Get(1)); // held: not recomputed, and now the most recent
        cache.Get(3); // evicts 2, the least recently used
        Assert.Equal([3, 1], cache.Keys);
        Assert.Equal([1, 2, 3], calls);
        cache.Get(2); // evicted, so computed again (and 1 goes)
        Assert.Equal([1, 2, 3, 2], calls);
        Assert.Equal([2, 3], cache.Keys);
        Assert.NotSame(one, cache.Get(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentValues<int, int>(0, k => k));
    }

    [Fact]
    public void A_synthetic_set_over_many_phantoms_lets_each_phantom_go_once_its_items_are_written()
    {
        using var tmp = new TempFolder();
        var made = new List<WeakReference<ColonPhantom>>();
        var mostAlive = 0;
        // At every item written (while the generator runs): collect, then count the phantoms still reachable.
        Generate(tmp["set"], phantoms: 6, made, new ProgressRelay<(int Done, int Total)>(step =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            mostAlive = Math.Max(mostAlive, made.Count(w => w.TryGetTarget(out _)));
        }));
        Assert.Equal(6, made.Count);
        Assert.InRange(mostAlive, 1, 2); // the phantom being imaged, perhaps the one before
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Generate(string root, int phantoms, List<WeakReference<ColonPhantom>> made,
        IProgress<(int Done, int Total)> progress)
    {
        var imaging = SurfaceImaging.Create(seed =>
        {
            var phantom = ColonPhantom.Generate(null, seed);
            made.Add(new WeakReference<ColonPhantom>(phantom));
            return phantom;
        }, new SyntheticEndoscope());
        var settings = new SyntheticDatasetSettings
        {
            Count = phantoms, Width = 16, Height = 16, FieldOfViewDegrees = 120f, Seed = 3,
            PhantomSeeds = [.. Enumerable.Range(1, phantoms)],
        };
        imaging.Generator(settings, (phantomSeed, poseSeed) =>
            {
                var rng = new SplitMix64(poseSeed);
                return new EndoscopePoseSampler(ColonPhantom.Generate(null, phantomSeed)).Sample(ref rng);
            })
            .Generate(new DatasetFolder(root), DatasetShard.All, progress);
    }
}
