using System.Globalization;
using System.Text.Json;
using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Datasets;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// Writes a synthetic dataset (paper §2.1.1: grey images with error-free depth) into a <see cref="DatasetFolder"/>:
/// <c>images/ID.png</c> (8-bit grey), <c>depth/ID.npy</c> (float32 z-depth in mm, 0 = no surface) and the manifest.
/// Item i depends only on (seed, i): its phantom (<see cref="PhantomSeedOf"/>) and a random stream
/// (<see cref="Seed.Derive64"/>) for its pose, its light rig (2–3 lights) and its sensor-noise seed, all recorded in
/// its
/// meta. So any shard split, order or resume gives the same bytes. Items already complete are skipped; the manifest is
/// rewritten atomically every <see cref="SyntheticDatasetSettings.ManifestEvery"/> items or
/// <see cref="ManifestInterval"/>, and at the end (also when cancelled), so after a kill it is whole (listing the items
/// complete at its last rewrite) and a rerun finishes the missing items.
/// </summary>
public sealed class SyntheticDatasetGenerator
{
    /// <summary>Stream of <see cref="Seed.Derive"/> for phantom seeds.</summary>
    public const int PhantomStream = 0xF00D;

    /// <summary>Stream of <see cref="Seed.Derive64"/> for an item's pose, lights and noise seed.</summary>
    public const int ItemStream = 0x5E7;

    private readonly ILogger _logger;
    private readonly SceneImaging? _imaging;

    /// <summary>Creates a generator of the procedural colon (<see cref="ColonPhantomScenes"/>) through a
    /// <see cref="SyntheticEndoscope"/> of <see cref="SyntheticDatasetSettings.Endoscope"/>.</summary>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    public SyntheticDatasetGenerator(SyntheticDatasetSettings settings, ComputeDevice? device = null,
        ILogger? logger = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Settings.Validate();
        Device = device ?? ComputeDevice.Shared;
        _logger = logger ?? NullLogger.Instance;
    }

    private SyntheticDatasetGenerator(SyntheticDatasetSettings settings, SceneImaging imaging, ILogger? logger)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Settings.Validate();
        _imaging = imaging;
        Device = ComputeDevice.Shared;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Creates a generator of other scenes or another forward model: <paramref name="scenes"/> gives the scene of each
    /// phantom seed and draws poses in it, <paramref name="model"/> renders (with each item's noise seed). The
    /// settings'
    /// phantom, surface, pose and endoscope settings are then unused.
    /// </summary>
    /// <typeparam name="TScene">The scenes' type, the one the model images.</typeparam>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    public static SyntheticDatasetGenerator Create<TScene>(SyntheticDatasetSettings settings,
        ISyntheticSceneSource<TScene> scenes, IForwardModel<TScene> model, ILogger? logger = null)
        where TScene : ISurfaceScene
    {
        ArgumentNullException.ThrowIfNull(scenes);
        ArgumentNullException.ThrowIfNull(model);
        return new SyntheticDatasetGenerator(settings, new SceneImaging<TScene>(scenes, model), logger);
    }

    /// <summary>
    /// The binding this generator renders through: the one it was created with, or the procedural colon through a
    /// new <see cref="SyntheticEndoscope"/> (returned in <paramref name="owned"/> for the caller to dispose).
    /// </summary>
    private SceneImaging Imaging(out SyntheticEndoscope? owned)
    {
        owned = null;
        if (_imaging is not null) return _imaging;
        owned = new SyntheticEndoscope(Settings.Endoscope, Device);
        return new SceneImaging<ColonPhantom>(new ColonPhantomScenes(Settings), owned);
    }

    /// <summary>The settings.</summary>
    public SyntheticDatasetSettings Settings { get; }

    /// <summary>The launcher (of the built-in <see cref="SyntheticEndoscope"/>).</summary>
    public ComputeDevice Device { get; }

    /// <summary>
    /// What defines this generator's items, recorded in the folder's <c>recipe.json</c> so that
    /// <see cref="Generate"/> resumes only a folder of the same dataset: size, seed, field of view, projection,
    /// phantoms per item, lights, and the scenes and model (for the built-in colon, its phantom, surface, pose and
    /// endoscope settings). The count may grow (item i depends only on the seed and i); the launcher is not part of it.
    /// </summary>
    public DatasetRecipe Recipe
    {
        get
        {
            var s = Settings;
            var args = new Dictionary<string, string>
            {
                ["size"] = string.Create(CultureInfo.InvariantCulture, $"{s.Width}x{s.Height}"),
                ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
                ["fov"] = s.FieldOfViewDegrees.ToString("R", CultureInfo.InvariantCulture),
                ["projection"] = s.Projection.ToString(),
                ["lights"] = string.Create(CultureInfo.InvariantCulture, $"{s.LightCount.Min}-{s.LightCount.Max}"),
            };
            if (s.PhantomSeeds is { Count: > 0 } seeds)
                args["phantom-seeds"] = string.Join(',', seeds.Select(x => x.ToString(CultureInfo.InvariantCulture)));
            else args["views-per-phantom"] = s.ViewsPerPhantom.ToString(CultureInfo.InvariantCulture);
            if (s.TestFraction is { } f)
            {
                args["test-fraction"] = f.ToString("R", CultureInfo.InvariantCulture);
                args["split-seed"] = s.SplitSeed.ToString(CultureInfo.InvariantCulture);
            }
            if (_imaging is not null) args["scenes"] = _imaging.Description;
            else
            {
                args["phantom"] = JsonSerializer.Serialize(s.Phantom, RecipeJson.Options);
                args["surface-spacing"] = s.SurfaceSpacingMm.ToString("R", CultureInfo.InvariantCulture);
                args["poses"] = JsonSerializer.Serialize(s.Poses, RecipeJson.Options);
                args["endoscope"] = JsonSerializer.Serialize(s.Endoscope, RecipeJson.Options);
            }
            return new DatasetRecipe("count", s.Count, args);
        }
    }

    /// <summary>Item writes that may run while the next items render.</summary>
    private const int WriterCount = 2;

    /// <summary>Items rendered together (one frame per core on the CPU).</summary>
    private static int BatchSize => Environment.ProcessorCount;

    /// <summary>Longest time between manifest rewrites while generating.</summary>
    public static readonly TimeSpan ManifestInterval = TimeSpan.FromSeconds(10);

    /// <summary>Id of item <paramref name="index"/> (zero-padded so that ids sort numerically).</summary>
    public static string ItemId(int index) => index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>Seed of phantom <paramref name="phantomIndex"/> of a run.</summary>
    public static int PhantomSeed(int runSeed, int phantomIndex) => Seed.Derive(runSeed, PhantomStream, phantomIndex);

    /// <summary>
    /// The phantom of item <paramref name="index"/>: <see cref="SyntheticDatasetSettings.PhantomSeeds"/>[i mod n] when
    /// given (round-robin, so the first N items of a set spread over all its phantoms), else phantom
    /// ⌊i / <see cref="SyntheticDatasetSettings.ViewsPerPhantom"/>⌋ of the run seed.
    /// </summary>
    public int PhantomSeedOf(int index) => Settings.PhantomSeeds is { Count: > 0 } list
        ? list[index % list.Count]
        : PhantomSeed(Settings.Seed, index / Settings.ViewsPerPhantom);

    /// <summary>Which phantom slot item <paramref name="index"/> uses (items are rendered phantom by
    /// phantom).</summary>
    private int SlotOf(int index)
        => Settings.PhantomSeeds is { Count: > 0 } list ? index % list.Count : index / Settings.ViewsPerPhantom;

    /// <summary>
    /// Generates the items of <paramref name="shard"/> that are not complete yet into <paramref name="folder"/>.
    /// Returns the number of items written by this call. The folder is locked for the call
    /// (<see cref="DatasetFolder.BeginWrite"/>): one folder, one writer.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled (the manifest is committed first).</exception>
    /// <exception cref="EndoDepth.IO.FolderInUseException">Another run is writing the folder.</exception>
    /// <exception cref="DatasetRecipeException">The folder holds a dataset of other settings (<see cref="Recipe"/>).
    /// </exception>
    /// <exception cref="IOException">An item could not be written (e.g. a full disk): the first write's own
    /// exception, never an <see cref="AggregateException"/>.</exception>
    public int Generate(DatasetFolder folder, DatasetShard shard, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        using var writing = folder.BeginWrite(Recipe);
        var (start, end) = shard.Range(Settings.Count);
        var total = end - start;
        // Phantom by phantom (each built once), in index order within one: the bytes do not depend on the order.
        var todo = Enumerable.Range(start,
            total).Where(i => !folder.IsComplete(ItemId(i))).OrderBy(SlotOf).ThenBy(i => i).ToList();
        var done = total - todo.Count;
        progress?.Report((done, total));
        _logger.LogInformation("Shard {Shard}: items {Start}..{End}, {Todo} to render on {Backend}", shard, start,
            end - 1, todo.Count, Device.Backend);
        var imaging = Imaging(out var owned);
        using var _ = owned;
        SceneImaging.OpenScene? scene = null; var slot = -1;
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
            // Consecutive items of one phantom render as a batch: on the CPU one frame per core
            // (SyntheticEndoscope.RenderBatch).
            for (var next = 0; next < todo.Count;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var p = SlotOf(todo[next]);
                if (p != slot)
                {
                    scene = imaging.Open(PhantomSeedOf(todo[next]), cancellationToken);
                    slot = p;
                }
                var batch = new List<(DatasetItem Item, CameraView View, ulong NoiseSeed)>();
                while (next < todo.Count && batch.Count < BatchSize && SlotOf(todo[next]) == p)
                    batch.Add(Prepare(scene!, todo[next++]));
                var frames = scene!.Render([.. batch.Select(b => b.View)], [.. batch.Select(b => b.NoiseSeed)],
                    cancellationToken);
                for (var k = 0; k < batch.Count; k++)
                {
                    var (item, frame) = (batch[k].Item, frames[k]);
                    writes.Enqueue(Task.Run(() => folder.WriteItem(item, frame.Image, frame.Depth),
                        CancellationToken.None));
                }
                while (writes.Count > WriterCount || (writes.Count > 0 && writes.Peek().IsCompleted))
                    Completed(writes.Dequeue());
            }
            while (writes.Count > 0) Completed(writes.Dequeue());
        }
        finally
        {
            // Never leave a write running (its record may land). Writes still queued here are only waited for: an
            // exception is already on its way (the first failed write's own IOException, or the cancellation), and
            // Task.Wait would replace it with an AggregateException.
            foreach (var w in writes) ((IAsyncResult)w).AsyncWaitHandle.WaitOne();
            folder.CommitManifest();
        }
        if (Settings.TestFraction is { } f) folder.WriteHoldout(f, Settings.SplitSeed);
        return written;
    }

    /// <summary>Renders item <paramref name="index"/> (no files written).</summary>
    public (DatasetItem Item, Imaging.RenderedFrame Frame) RenderItem(int index,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var imaging = Imaging(out var owned);
        using var _ = owned;
        var scene = imaging.Open(PhantomSeedOf(index), cancellationToken);
        var (item, view, noiseSeed) = Prepare(scene, index);
        return (item, scene.Render([view], [noiseSeed], cancellationToken)[0]);
    }

    /// <summary>
    /// Item <paramref name="index"/>'s record, view (pose and light rig) and sensor-noise seed, all drawn from
    /// (seed, index); the meta records the phantom seed, the rig (<see cref="LightRig.ToCompactString"/>) and the noise
    /// seed.
    /// </summary>
    private (DatasetItem Item, CameraView View, ulong NoiseSeed) Prepare(SceneImaging.OpenScene scene, int index)
    {
        var rng = new SplitMix64(Seed.Derive64(Settings.Seed, ItemStream, index));
        var pose = scene.SamplePose(ref rng);
        var lights = Settings.LightCount.Min + rng.NextInt(Settings.LightCount.Max - Settings.LightCount.Min + 1);
        var ringRadius = rng.Uniform(3f, 5f);
        var intensity = rng.Uniform(0.8f, 1.25f);
        var rig = lights is 2 or 3
            ? LightRig.AroundLens(lights, ringRadius, intensity)
            : new LightRig([.. Enumerable.Range(0, lights).Select(k =>
            new PointLight(new Float3(ringRadius * MathF.Cos(2 * MathF.PI * k / lights),
                ringRadius * MathF.Sin(2 * MathF.PI * k / lights), 0f), intensity))]);
        var noiseSeed = rng.NextUInt64();
        var camera = Settings.Camera;
        var id = ItemId(index);
        var item = new DatasetItem(id, scene.Id, null, $"images/{id}.png", $"depth/{id}.npy", CameraRecord.From(camera),
            pose.ToMatrix4x4(), "synthetic")
        {
            Meta = new Dictionary<string, string>
            {
                ["seed"] = Settings.Seed.ToString(CultureInfo.InvariantCulture),
                ["index"] = index.ToString(CultureInfo.InvariantCulture),
                ["phantom_seed"] = PhantomSeedOf(index).ToString(CultureInfo.InvariantCulture),
                ["lights"] = lights.ToString(CultureInfo.InvariantCulture),
                ["light_intensity"] = intensity.ToString("G6", CultureInfo.InvariantCulture),
                ["light_ring_mm"] = ringRadius.ToString("G6", CultureInfo.InvariantCulture),
                ["light_rig"] = rig.ToCompactString(),
                ["noise_seed"] = noiseSeed.ToString(CultureInfo.InvariantCulture),
            },
        };
        return (item, new CameraView(camera, pose, rig), noiseSeed);
    }
}
