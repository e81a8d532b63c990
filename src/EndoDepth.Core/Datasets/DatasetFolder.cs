using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Datasets;

/// <summary>
/// A dataset folder: <c>manifest.jsonl</c> (one <see cref="DatasetItem"/> per line, ordered by id), the image and depth
/// files it names, and optionally <c>splits.json</c> (a <see cref="SceneSplit"/>).
/// <para>
/// Writing is resumable and atomic: <see cref="WriteItem"/> writes the image and the depth (each atomically), then the
/// item's record <c>items/ID.json</c> last, which marks it complete. <see cref="CommitManifest"/> rebuilds the manifest
/// from the records. A run killed at any point leaves only complete records, so running again and skipping the items
/// for which <see cref="IsComplete"/> is true finishes the set with the same bytes.
/// </para>
/// </summary>
public sealed class DatasetFolder
{
    /// <summary>Manifest file name.</summary>
    public const string ManifestFileName = "manifest.jsonl";
    /// <summary>Splits file name.</summary>
    public const string SplitsFileName = "splits.json";
    /// <summary>Folder of per-item records (completion markers).</summary>
    public const string RecordsFolderName = "items";

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>Opens (without reading) a dataset folder, creating it if needed.</summary>
    public DatasetFolder(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>
    /// Starts writing the folder as one run: locks it (<see cref="FolderLock"/>, held until the returned lock is
    /// disposed), deletes the temporary files a killed run left (<see cref="AtomicFile.DeleteStaleTemporaries"/>),
    /// and, when <paramref name="recipe"/> is given, checks it against the folder's <c>recipe.json</c>
    /// (<see cref="DatasetRecipe.Resume"/>) and records it. A folder without a recipe (new, or written before recipes
    /// existed) takes this one. Every writer of a resumable folder (the dataset generators, the importers) holds it
    /// while it writes.
    /// </summary>
    /// <exception cref="FolderInUseException">Another run is writing the folder.</exception>
    /// <exception cref="DatasetRecipeException">The folder was made with other arguments (nothing was changed).
    /// </exception>
    public FolderLock BeginWrite(DatasetRecipe? recipe = null)
    {
        var held = FolderLock.Acquire(Root);
        try
        {
            AtomicFile.DeleteStaleTemporaries(Root);
            if (recipe is not null)
                (DatasetRecipe.Load(Root) is { } recorded ? recipe.Resume(recorded, Root) : recipe).Save(Root);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Empties the folder of what a dataset run writes (item records, images, depth, HDR, manifest, splits, recipe),
    /// under its lock, so that the next run starts it afresh; other files in it are left alone.
    /// </summary>
    /// <exception cref="FolderInUseException">Another run is writing the folder.</exception>
    public void StartOver()
    {
        using var held = FolderLock.Acquire(Root);
        foreach (var dir in new[] { RecordsFolderName, "images", "depth", "hdr" })
            if (Directory.Exists(Resolve(dir))) Directory.Delete(Resolve(dir), recursive: true);
        foreach (var file in new[] { ManifestFileName, SplitsFileName, DatasetRecipe.FileName })
            File.Delete(Resolve(file));
        AtomicFile.DeleteStaleTemporaries(Root);
    }

    /// <summary>Full path of a path relative to the folder.</summary>
    public string Resolve(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Path of the record that marks item <paramref name="id"/> complete.</summary>
    public string RecordPath(string id) => Path.Combine(Root, RecordsFolderName, id + ".json");

    /// <summary>
    /// True when item <paramref name="id"/> was completely written (its record exists and its files exist).
    /// </summary>
    public bool IsComplete(string id)
    {
        var rec = RecordPath(id);
        if (!File.Exists(rec)) return false;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(rec)) is not JsonObject record) return false;
            var item = record.Deserialize<DatasetItem>();
            return item is not null && File.Exists(Resolve(item.Image)) && File.Exists(Resolve(item.Depth))
                && ItemFileIntegrity.Mismatch(record, Resolve, hashes: false) is null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return false; }
    }

    /// <summary>
    /// Checks every item record against the files it lists: present, with the recorded size and SHA-256 (records
    /// written before sizes and hashes were kept are checked for presence only).
    /// </summary>
    /// <exception cref="DatasetException">The folder holds no item records.</exception>
    public DatasetVerification Verify(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var dir = Path.Combine(Root, RecordsFolderName);
        var records = Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (records.Length == 0) throw new DatasetException(Root, "no item records: not a dataset folder this " +
            "library wrote");
        var damaged = new List<DamagedItem>();
        for (var n = 0; n < records.Length; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = Path.GetFileNameWithoutExtension(records[n]);
            string? problem;
            try
            {
                var record = JsonNode.Parse(File.ReadAllText(records[n])) as JsonObject
                    ?? throw new JsonException("the record is not a JSON object");
                var item = record.Deserialize<DatasetItem>() ?? throw new JsonException("empty record");
                problem = !File.Exists(Resolve(item.Image)) ? $"{item.Image} is missing"
                    : !File.Exists(Resolve(item.Depth)) ? $"{item.Depth} is missing"
                    : ItemFileIntegrity.Mismatch(record, Resolve, hashes: true);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                problem = "malformed record: " + e.Message;
            }
            if (problem is not null) damaged.Add(new DamagedItem(id, problem));
            progress?.Report(n + 1);
        }
        return new DatasetVerification(records.Length, damaged);
    }

    /// <summary>
    /// Writes an item's image (8-bit PNG) and depth (float32 .npy, or 16-bit PNG when the item names a .png; skipped
    /// when <paramref name="writeDepth"/> is false, for
    /// items that share a depth file already written) to the paths the item names, then its record.
    /// </summary>
    /// <exception cref="ArgumentException">The item's id is not a safe file name.</exception>
    public void WriteItem(DatasetItem item, ImageF image, DepthMap? depth, bool writeDepth = true)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(image);
        if (item.Id.Length == 0 || item.Id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || item.Id.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"Item id '{item.Id}' is not a safe file name.", nameof(item));
        PngFile.Write(Resolve(item.Image), image);
        if (writeDepth)
        {
            ArgumentNullException.ThrowIfNull(depth);
            DepthFile.Write(Resolve(item.Depth), depth);
        }
        // The record lists the size and SHA-256 of the files this item wrote (a shared depth written by another item
        // is that item's to vouch for).
        var record = JsonSerializer.SerializeToNode(item, JsonOptions.Compact)!.AsObject();
        var files = new JsonObject { [item.Image] = ItemFileIntegrity.Describe(Resolve(item.Image)) };
        if (writeDepth) files[item.Depth] = ItemFileIntegrity.Describe(Resolve(item.Depth));
        record[ItemFileIntegrity.Key] = files;
        AtomicFile.WriteAllText(RecordPath(item.Id), record.ToJsonString(JsonOptions.Compact));
    }

    /// <summary>
    /// Rebuilds <c>manifest.jsonl</c> atomically from all item records, ordered by id (ordinal). Returns the item
    /// count.
    /// </summary>
    public int CommitManifest()
    {
        var dir = Path.Combine(Root, RecordsFolderName);
        var items = new List<DatasetItem>();
        if (Directory.Exists(dir))
            foreach (var f in Directory.EnumerateFiles(dir, "*.json"))
            {
                DatasetItem? it;
                try { it = JsonSerializer.Deserialize<DatasetItem>(File.ReadAllText(f)); }
                catch (JsonException e) { throw new DatasetException(f, "malformed item record: " + e.Message, null,
                    e); }
                if (it is not null) items.Add(it);
            }
        items.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var sb = new StringBuilder();
        foreach (var it in items) sb.Append(JsonSerializer.Serialize(it, JsonOptions.Compact)).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(Root, ManifestFileName), sb.ToString());
        return items.Count;
    }

    /// <summary>Writes the manifest directly from a list (for importers that write everything in one go).</summary>
    public void WriteManifest(IEnumerable<DatasetItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sb = new StringBuilder();
        foreach (var it in items.OrderBy(i => i.Id, StringComparer.Ordinal))
            sb.Append(JsonSerializer.Serialize(it, JsonOptions.Compact)).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(Root, ManifestFileName), sb.ToString());
    }

    /// <summary>Reads and validates the manifest (unique ids, required fields, files present).</summary>
    /// <exception cref="DatasetException">Missing, malformed, empty, duplicate ids or missing files.</exception>
    public IReadOnlyList<DatasetItem> ReadManifest()
    {
        var path = Path.Combine(Root, ManifestFileName);
        if (!File.Exists(path)) throw new DatasetException(path, "no manifest: not a dataset folder");
        var items = new List<DatasetItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            DatasetItem? it;
            try { it = JsonSerializer.Deserialize<DatasetItem>(line); }
            catch (JsonException e) { throw new DatasetException(path, "malformed JSON: " + e.Message, n, e); }
            if (it is null || string.IsNullOrEmpty(it.Id) || string.IsNullOrEmpty(it.Image)
                || string.IsNullOrEmpty(it.Depth) || it.Camera is null || string.IsNullOrEmpty(it.SceneId))
                throw new DatasetException(path, "item lacks id, scene, image, depth or camera", n);
            if (!ids.Add(it.Id)) throw new DatasetException(path, $"duplicate id '{it.Id}'", n);
            if (!File.Exists(Resolve(it.Image))) throw new DatasetException(path,
                $"item '{it.Id}': image file '{it.Image}' is missing", n);
            if (!File.Exists(Resolve(it.Depth))) throw new DatasetException(path,
                $"item '{it.Id}': depth file '{it.Depth}' is missing", n);
            items.Add(it);
        }
        if (items.Count == 0) throw new DatasetException(path, "the dataset is empty");
        return items;
    }

    /// <summary>The items of one split (scene-level), reading splits.json; without it, all items are train.</summary>
    /// <exception cref="DatasetException">Manifest or splits malformed.</exception>
    public IReadOnlyList<DatasetItem> ReadSplit(SplitName split)
    {
        var items = ReadManifest();
        var sp = Path.Combine(Root, SplitsFileName);
        if (!File.Exists(sp)) return split == SplitName.Train ? items : [];
        var scenes = new HashSet<string>(SceneSplit.Load(sp)[split], StringComparer.Ordinal);
        return items.Where(i => scenes.Contains(i.SceneId)).ToList();
    }

    /// <summary>
    /// Writes <c>splits.json</c> (atomically) holding out a fraction of the committed manifest's groups as the test
    /// split (<see cref="SceneSplit.Holdout"/>): the generators call it under their write lock after the last commit.
    /// </summary>
    /// <param name="testFraction">Expected fraction of groups in test, in [0, 1].</param>
    /// <param name="seed">Seed of the split's hash.</param>
    /// <param name="groupOf">The group of an item (phantom, CT volume); null for its scene.</param>
    /// <returns>The split written.</returns>
    /// <exception cref="DatasetException">The manifest is malformed or empty.</exception>
    public SceneSplit WriteHoldout(double testFraction, int seed = 0, Func<DatasetItem, string>? groupOf = null)
    {
        var split = SceneSplit.Holdout(ReadManifest(), testFraction, seed, groupOf);
        split.Save(Path.Combine(Root, SplitsFileName));
        return split;
    }

    /// <summary>Loads an item's image.</summary>
    public ImageF LoadImage(DatasetItem item, int? channels = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        return PngFile.Read(Resolve(item.Image), channels);
    }

    /// <summary>Loads an item's depth (.npy, or 16-bit PNG through <c>DepthPng</c>).</summary>
    public DepthMap LoadDepth(DatasetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var p = Resolve(item.Depth);
        return DepthFile.Read(p);
    }

    /// <summary>The camera that took an item's image; null when its record has none.</summary>
    /// <exception cref="DatasetException">
    /// The record's camera is not a valid camera (names the record file).
    /// </exception>
    public CameraModel? LoadCamera(DatasetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Camera is null) return null;
        try { return item.Camera.ToCamera(); }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new DatasetException(RecordPath(item.Id), $"item '{item.Id}': invalid camera: {e.Message}", null, e);
        }
    }
}
