using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.Imaging;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Volumes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Writes a cinematic dataset (paper §2.2) into a <see cref="DatasetFolder"/>: per view one RGB <c>images/ID.png</c>
/// per look, one z-depth <c>depth/SCENE.npy</c> (mm, opacity threshold) that all its looks share, and the manifest.
/// View v images volume v mod n of the sources; its scene id is <c>VOLUME-viewNNNNN</c> and its items
/// <c>SCENE-LOOK</c>. View v depends only on (seed, v), so any shard split, order or resume gives the same bytes.
/// Views whose items are all complete are skipped (a volume whose views are all complete is not even opened); each
/// file is written atomically, an item's record last, and the manifest is rewritten atomically after every view and at
/// the end (also when cancelled).
/// </summary>
public sealed class CinematicDatasetGenerator
{
    private readonly ILogger _logger;

    /// <summary>Creates a generator of <paramref name="looks"/> (a renderer with the presets it renders).</summary>
    /// <param name="looks">The looks and their renderer (<see cref="VolumeLooks.Cinematic"/> or
    /// <see cref="VolumeLooks.Create{TPreset}"/>).</param>
    /// <param name="settings">Views, camera, looks per view and seed.</param>
    /// <param name="logger">Receives a line per shard.</param>
    /// <exception cref="ArgumentException">The settings are not usable (more looks per view than looks, look names
    /// not distinct), or HDR is asked of looks whose renderer gives none.</exception>
    public CinematicDatasetGenerator(VolumeLooks looks, CinematicDatasetSettings settings, ILogger? logger = null)
    {
        Looks = looks ?? throw new ArgumentNullException(nameof(looks));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Settings.Validate();
        if (Settings.PresetsPerView > looks.Count)
            throw new ArgumentException($"PresetsPerView must be in 0..{looks.Count}, got {Settings.PresetsPerView}.",
                nameof(settings));
        if (looks.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != looks.Count)
            throw new ArgumentException("Preset names must be distinct.", nameof(looks));
        if (Settings.WriteHdr && !looks.HasHdr)
            throw new ArgumentException("HDR output needs looks bound to the CinematicRenderer.", nameof(settings));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a generator of the cinematic renderer under <paramref name="presets"/> (the paper's four,
    /// <see cref="CinematicPresets.BuiltIn"/>, when null).</summary>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    public CinematicDatasetGenerator(CinematicRenderer renderer, CinematicDatasetSettings settings,
        IReadOnlyList<CinematicPreset>? presets = null, ILogger? logger = null)
        : this(VolumeLooks.Cinematic(renderer ?? throw new ArgumentNullException(nameof(renderer)),
            presets ?? CinematicPresets.BuiltIn), settings, logger)
    {
    }

    /// <summary>The looks and their renderer.</summary>
    public VolumeLooks Looks { get; }

    /// <summary>The settings.</summary>
    public CinematicDatasetSettings Settings { get; }

    /// <summary>Scene id of view <paramref name="view"/> of volume <paramref name="volumeId"/>.</summary>
    public static string SceneId(string volumeId, int view)
        => $"{volumeId}-view{view.ToString("D5", CultureInfo.InvariantCulture)}";

    /// <summary>Item id of a look of a scene.</summary>
    public static string ItemId(string sceneId, IRenderPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return $"{sceneId}-{preset.Name}";
    }

    /// <summary>
    /// What defines the views this generator renders of <paramref name="volumes"/>, recorded in the folder's
    /// <c>recipe.json</c> so that <see cref="Generate"/> resumes only a folder of the same dataset: the volumes' ids,
    /// size, seed, field of view, projection, looks per view, HDR, the looks' names and the renderer (for the
    /// cinematic renderer: samples per pixel, depth threshold and all its settings). The number of views may grow
    /// (view v depends only on the seed and v); the launcher is not part of it.
    /// </summary>
    public DatasetRecipe Recipe(IReadOnlyList<CinematicVolumeSource> volumes)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        var s = Settings;
        var args = new Dictionary<string, string>
        {
            ["volumes"] = string.Join(',', volumes.Select(v => v.Id)),
            ["size"] = string.Create(CultureInfo.InvariantCulture, $"{s.Width}x{s.Height}"),
            ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
            ["fov"] = s.FieldOfViewDegrees.ToString("R", CultureInfo.InvariantCulture),
            ["projection"] = s.Projection.ToString(),
            ["looks-per-view"] = s.PresetsPerView.ToString(CultureInfo.InvariantCulture),
            ["hdr"] = s.WriteHdr ? "true" : "false",
        };
        if (s.TestFraction is { } f)
        {
            args["test-fraction"] = f.ToString("R", CultureInfo.InvariantCulture);
            args["split-seed"] = s.SplitSeed.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (k, v) in Looks.Recipe) args[k] = v;
        return new DatasetRecipe("views", s.Views, args);
    }

    /// <summary>The pose seed of view <paramref name="view"/>.</summary>
    public ulong PoseSeed(int view) => Seed.Derive64(Settings.Seed, CinematicDatasetSettings.PoseStream, view);

    /// <summary>
    /// Renders the views of <paramref name="shard"/> that are not complete yet into <paramref name="folder"/>. Returns
    /// the number of views rendered by this call. Progress is (views done, with the fraction of the one rendering;
    /// views
    /// of the shard). The folder is locked for the call (<see cref="DatasetFolder.BeginWrite"/>): one folder, one
    /// writer.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled (the manifest is committed first).</exception>
    /// <exception cref="FolderInUseException">Another run is writing the folder.</exception>
    /// <exception cref="DatasetRecipeException">The folder holds a dataset of other settings, volumes or looks
    /// (<see cref="Recipe"/>).</exception>
    public int Generate(DatasetFolder folder, IReadOnlyList<CinematicVolumeSource> volumes, DatasetShard shard,
        IProgress<(double Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(volumes);
        if (volumes.Count == 0) throw new ArgumentException("At least one volume is needed.", nameof(volumes));
        using var writing = folder.BeginWrite(Recipe(volumes));
        var (start, end) = shard.Range(Settings.Views);
        var total = end - start;
        bool Complete(int v)
            => LooksOf(v).All(p => folder.IsComplete(ItemId(SceneId(volumes[v % volumes.Count].Id, v), p)));
        // Volume by volume (each opened once), in view order within one: the bytes do not depend on the order.
        var todo = Enumerable.Range(start,
            total).Where(v => !Complete(v)).OrderBy(v => v % volumes.Count).ThenBy(v => v).ToList();
        var done = total - todo.Count;
        progress?.Report((done, total));
        _logger.LogInformation("Shard {Shard}: views {Start}..{End}, {Todo} to render", shard, start, end - 1,
            todo.Count);
        var camera = Settings.Camera;
        var opened = -1;
        CtVolume? volume = null;
        Func<ulong, RigidPose>? pose = null;
        var rendered = 0;
        try
        {
            foreach (var v in todo)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var source = volumes[v % volumes.Count];
                if (opened != v % volumes.Count)
                {
                    (volume, pose) = (null, null); // let the previous volume go before loading the next
                    (volume, pose) = source.Open(cancellationToken);
                    opened = v % volumes.Count;
                }
                var view = new CameraView(camera, pose!(PoseSeed(v)));
                var looks = Settings.LooksOf(v, Looks.Count);
                var presets = LooksOf(v);
                var baseDone = done;
                var viewProgress = progress is null ? null : new Relay(f => progress.Report((baseDone + f, total)));
                var (images, hdr, depth) = Looks.Render(volume!, view, looks, Settings.WriteHdr, viewProgress,
                    cancellationToken);
                var sceneId = SceneId(source.Id, v);
                var depthPath = $"depth/{sceneId}.npy";
                for (var j = 0; j < presets.Count; j++)
                {
                    var id = ItemId(sceneId, presets[j]);
                    var item = new DatasetItem(id, sceneId, presets[j].Name, $"images/{id}.png", depthPath,
                        CameraRecord.From(camera), view.Pose.ToMatrix4x4(), "cinematic") { Meta = Meta(source) };
                    if (hdr is not null) WriteHdr(folder.Resolve($"hdr/{id}.npy"), hdr[j]);
                    // the depth file before any record naming it
                    folder.WriteItem(item, images[j], depth, writeDepth: j == 0);
                }
                rendered++;
                folder.CommitManifest();
                progress?.Report((++done, total));
            }
        }
        finally
        {
            folder.CommitManifest();
        }
        if (Settings.TestFraction is { } f)
            folder.WriteHoldout(f, Settings.SplitSeed, i => i.Meta?.GetValueOrDefault("volume") ?? i.SceneId);
        return rendered;
    }

    /// <summary>The looks of view <paramref name="view"/>.</summary>
    private IReadOnlyList<IRenderPreset> LooksOf(int view)
        => [.. Settings.LooksOf(view, Looks.Count).Select(i => Looks[i])];

    private Dictionary<string, string> Meta(CinematicVolumeSource source)
    {
        var meta = new Dictionary<string, string>
        {
            ["volume"] = source.Id,
            ["seed"] = Settings.Seed.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, val) in Looks.Meta) meta[k] = val;
        if (source.Meta is not null)
            foreach (var (k, val) in source.Meta) meta[k] = val;
        return meta;
    }

    /// <summary>Writes a planar RGB image as an interleaved float32 (H, W, 3) array (atomically).</summary>
    private static void WriteHdr(string path, ImageF image)
    {
        var data = new float[image.Width * image.Height * 3];
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                for (var c = 0; c < 3; c++) data[(y * image.Width + x) * 3 + c] = image[x, y, c];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        NpyFile.WriteFloat32(path, data, [image.Height, image.Width, 3]);
    }

    /// <summary>Forwards progress synchronously (no capture of a synchronisation context).</summary>
    private sealed class Relay(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
