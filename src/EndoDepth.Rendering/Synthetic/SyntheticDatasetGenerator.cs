using System.Globalization;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// Writes a synthetic dataset (paper §2.1.1: grey images with error-free depth) into a <see cref="DatasetFolder"/>:
/// <c>images/ID.png</c> (8-bit grey), <c>depth/ID.npy</c> (float32 z-depth in mm, 0 = no surface) and the manifest.
/// Item i depends only on (seed, i), so any shard split, order or resume gives the same bytes. Items already complete
/// are skipped; the manifest is rewritten atomically every <see cref="SyntheticDatasetSettings.ManifestEvery"/> items or
/// <see cref="ManifestInterval"/>, and at the end (also when cancelled), so after a kill it is whole (listing the items
/// complete at its last rewrite) and a rerun finishes the missing items.
/// </summary>
public sealed class SyntheticDatasetGenerator
{
    private readonly ILogger _logger;

    /// <summary>Creates a generator.</summary>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    public SyntheticDatasetGenerator(SyntheticDatasetSettings settings, ComputeDevice? device = null, ILogger? logger = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Settings.Validate();
        Device = device ?? ComputeDevice.Shared;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The settings.</summary>
    public SyntheticDatasetSettings Settings { get; }

    /// <summary>The launcher.</summary>
    public ComputeDevice Device { get; }

    /// <summary>Item writes that may run while the next items render.</summary>
    private const int WriterCount = 2;

    /// <summary>Items rendered together (one frame per core on the CPU).</summary>
    private static int BatchSize => Environment.ProcessorCount;

    /// <summary>Longest time between manifest rewrites while generating.</summary>
    public static readonly TimeSpan ManifestInterval = TimeSpan.FromSeconds(10);

    /// <summary>Id of item <paramref name="index"/> (zero-padded so that ids sort numerically).</summary>
    public static string ItemId(int index) => index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>Seed of phantom <paramref name="phantomIndex"/> of a run.</summary>
    public static int PhantomSeed(int runSeed, int phantomIndex) =>
        (int)(SplitMix64.Mix(SplitMix64.Mix((ulong)runSeed) ^ (ulong)phantomIndex + 0xF00DUL) & 0x7FFFFFFF);

    /// <summary>
    /// Generates the items of <paramref name="shard"/> that are not complete yet into <paramref name="folder"/>.
    /// Returns the number of items written by this call.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled (the manifest is committed first).</exception>
    public int Generate(DatasetFolder folder, DatasetShard shard, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var (start, end) = shard.Range(Settings.Count);
        var total = end - start;
        var todo = Enumerable.Range(start, total).Where(i => !folder.IsComplete(ItemId(i))).ToList();
        var done = total - todo.Count;
        progress?.Report((done, total));
        _logger.LogInformation("Shard {Shard}: items {Start}..{End}, {Todo} to render on {Backend}", shard, start, end - 1, todo.Count, Device.Backend);
        using var model = new SyntheticEndoscope(Settings.Endoscope, Device);
        ColonPhantom? phantom = null; EndoscopePoseSampler? sampler = null; var phantomIndex = -1;
        var written = 0;
        var sinceCommit = System.Diagnostics.Stopwatch.StartNew();
        // Encoding and writing (PNG deflate, .npy) overlap with rendering the next items: at most WriterCount writes in
        // flight, each item's files independent, so the bytes do not depend on the overlap.
        var writes = new Queue<Task>();
        void Completed(Task w)
        {
            w.GetAwaiter().GetResult(); // rethrows a write failure
            written++;
            progress?.Report((++done, total));
            if (written % Settings.ManifestEvery == 0 || sinceCommit.Elapsed > ManifestInterval)
            {
                folder.CommitManifest();
                sinceCommit.Restart();
            }
        }
        try
        {
            // Consecutive items of one phantom render as a batch: on the CPU one frame per core (SyntheticEndoscope.RenderBatch).
            for (var next = 0; next < todo.Count;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var p = todo[next] / Settings.ViewsPerPhantom;
                if (p != phantomIndex)
                {
                    phantom = ColonPhantom.Generate(Settings.Phantom, PhantomSeed(Settings.Seed, p));
                    phantom = WithSurface(phantom, cancellationToken);
                    sampler = new EndoscopePoseSampler(phantom, Settings.Poses);
                    phantomIndex = p;
                }
                var batch = new List<(DatasetItem Item, CameraView View, ulong NoiseSeed)>();
                while (next < todo.Count && batch.Count < BatchSize && todo[next] / Settings.ViewsPerPhantom == p)
                    batch.Add(Prepare(phantom!, sampler!, todo[next++]));
                var frames = model.RenderBatch(phantom!, [.. batch.Select(b => b.View)], [.. batch.Select(b => b.NoiseSeed)], null, cancellationToken);
                for (var k = 0; k < batch.Count; k++)
                {
                    var (item, frame) = (batch[k].Item, frames[k]);
                    writes.Enqueue(Task.Run(() => folder.WriteItem(item, frame.Image, frame.Depth), CancellationToken.None));
                }
                while (writes.Count > WriterCount || (writes.Count > 0 && writes.Peek().IsCompleted)) Completed(writes.Dequeue());
            }
            while (writes.Count > 0) Completed(writes.Dequeue());
        }
        finally
        {
            foreach (var w in writes) w.Wait(CancellationToken.None); // never leave a write running; its record may land
            folder.CommitManifest();
        }
        return written;
    }

    private ColonPhantom WithSurface(ColonPhantom phantom, CancellationToken ct)
    {
        phantom.UseSurface(phantom.BakeSurface(Settings.SurfaceSpacingMm, ct));
        return phantom;
    }

    /// <summary>Renders item <paramref name="index"/> (no files written).</summary>
    public (DatasetItem Item, Imaging.RenderedFrame Frame) RenderItem(int index, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var phantom = ColonPhantom.Generate(Settings.Phantom, PhantomSeed(Settings.Seed, index / Settings.ViewsPerPhantom));
        phantom = WithSurface(phantom, cancellationToken);
        using var model = new SyntheticEndoscope(Settings.Endoscope, Device);
        return Render(model, phantom, new EndoscopePoseSampler(phantom, Settings.Poses), index, cancellationToken);
    }

    private (DatasetItem, Imaging.RenderedFrame) Render(SyntheticEndoscope model, ColonPhantom phantom, EndoscopePoseSampler sampler, int index, CancellationToken ct)
    {
        var (item, view, noiseSeed) = Prepare(phantom, sampler, index);
        return (item, model.Render(phantom, view, noiseSeed, ct));
    }

    /// <summary>Item <paramref name="index"/>'s record, view (pose and light rig) and sensor-noise seed, all drawn from (seed, index).</summary>
    private (DatasetItem Item, CameraView View, ulong NoiseSeed) Prepare(ColonPhantom phantom, EndoscopePoseSampler sampler, int index)
    {
        var rng = SplitMix64.For(Settings.Seed, index, 0x5E7);
        var pose = sampler.Sample(ref rng);
        var lights = Settings.LightCount.Min + rng.NextInt(Settings.LightCount.Max - Settings.LightCount.Min + 1);
        var ringRadius = rng.Uniform(3f, 5f);
        var intensity = rng.Uniform(0.8f, 1.25f);
        var rig = lights is 2 or 3 ? LightRig.AroundLens(lights, ringRadius, intensity) : new LightRig([.. Enumerable.Range(0, lights).Select(k =>
            new PointLight(new Float3(ringRadius * MathF.Cos(2 * MathF.PI * k / lights), ringRadius * MathF.Sin(2 * MathF.PI * k / lights), 0f), intensity))]);
        var noiseSeed = rng.NextUInt64();
        var camera = Settings.Camera;
        var id = ItemId(index);
        var item = new DatasetItem(id, phantom.Id, null, $"images/{id}.png", $"depth/{id}.npy", CameraRecord.From(camera), pose.ToMatrix4x4(), "synthetic")
        {
            Meta = new Dictionary<string, string>
            {
                ["seed"] = Settings.Seed.ToString(CultureInfo.InvariantCulture),
                ["index"] = index.ToString(CultureInfo.InvariantCulture),
                ["phantom_seed"] = phantom.Seed.ToString(CultureInfo.InvariantCulture),
                ["lights"] = lights.ToString(CultureInfo.InvariantCulture),
                ["light_intensity"] = intensity.ToString("G6", CultureInfo.InvariantCulture),
                ["light_ring_mm"] = ringRadius.ToString("G6", CultureInfo.InvariantCulture),
            },
        };
        return (item, new CameraView(camera, pose, rig), noiseSeed);
    }
}
