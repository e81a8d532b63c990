using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Geometry;

namespace EndoDepth.Cli.Experiments;

/// <summary>
/// Writes the experiment's dataset folders through <see cref="IForwardModel"/> and <see cref="IVolumeRenderer"/>:
/// resumable item by item (complete items are skipped; a phantom whose views are all complete is not even generated),
/// one scene per camera view, all renders of a view sharing its depth file.
/// </summary>
public sealed class ExperimentDatasets(ExperimentParts parts, CameraModel camera)
{
    /// <summary>
    /// Synthetic grey images: <paramref name="count"/> views spread round-robin over <paramref name="phantomSeeds"/>,
    /// view seeds derived from <paramref name="seed"/>. All scenes go to the train split.
    /// </summary>
    public void WriteSynthetic(string root, int count, IReadOnlyList<int> phantomSeeds, int seed, IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(phantomSeeds);
        var folder = new DatasetFolder(root);
        var done = 0;
        for (var p = 0; p < phantomSeeds.Count; p++)
        {
            var indices = Enumerable.Range(0, count).Where(i => i % phantomSeeds.Count == p).ToList();
            var ids = indices.Select(i => $"s{i.ToString("D7", CultureInfo.InvariantCulture)}").ToList();
            if (ids.All(folder.IsComplete)) { done += ids.Count; progress?.Report((double)done / count); continue; }
            var scene = parts.Surface(phantomSeeds[p]);
            var views = parts.Views(phantomSeeds[p], indices.Count, camera, Mix(seed, p));
            for (var k = 0; k < indices.Count; k++)
            {
                ct.ThrowIfCancellationRequested();
                if (!folder.IsComplete(ids[k]))
                {
                    var frame = parts.ForwardModel.Render(scene, views[k], ct);
                    var item = new DatasetItem(ids[k], $"{scene.Id}-v{indices[k]}", null, $"images/{ids[k]}.png", $"depth/{ids[k]}.npy",
                        CameraRecord.From(views[k].Camera), views[k].Pose.ToMatrix4x4(), "synthetic")
                    { Meta = new Dictionary<string, string> { ["phantom_seed"] = phantomSeeds[p].ToString(CultureInfo.InvariantCulture) } };
                    folder.WriteItem(item, frame.Image, frame.Depth);
                }
                progress?.Report((double)++done / count);
            }
        }
        Finish(folder, SplitName.Train);
    }

    /// <summary>
    /// Cinematic renders: <paramref name="scenes"/> views spread over the phantoms' CT volumes, each view rendered with
    /// the presets <paramref name="presetsOfView"/> gives it (all sharing the view's depth map).
    /// </summary>
    public void WriteCinematic(string root, int scenes, IReadOnlyList<int> phantomSeeds, Func<int, IReadOnlyList<IRenderPreset>> presetsOfView,
        int seed, SplitName split, IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(phantomSeeds);
        ArgumentNullException.ThrowIfNull(presetsOfView);
        var folder = new DatasetFolder(root);
        var done = 0;
        for (var p = 0; p < phantomSeeds.Count; p++)
        {
            var indices = Enumerable.Range(0, scenes).Where(i => i % phantomSeeds.Count == p).ToList();
            string Id(int view, IRenderPreset preset) => $"c{view.ToString("D6", CultureInfo.InvariantCulture)}-{preset.Name}";
            if (indices.All(i => presetsOfView(i).All(pr => folder.IsComplete(Id(i, pr))))) { done += indices.Count; progress?.Report((double)done / scenes); continue; }
            var volume = parts.Volume(phantomSeeds[p]);
            var views = parts.Views(phantomSeeds[p], indices.Count, camera, Mix(seed, p));
            for (var k = 0; k < indices.Count; k++)
            {
                ct.ThrowIfCancellationRequested();
                var view = indices[k];
                var presets = presetsOfView(view);
                if (!presets.All(pr => folder.IsComplete(Id(view, pr))))
                {
                    var r = parts.Renderer.Render(volume, views[k], presets, null, ct);
                    var depthPath = $"depth/c{view.ToString("D6", CultureInfo.InvariantCulture)}.npy";
                    for (var j = 0; j < presets.Count; j++)
                    {
                        var id = Id(view, presets[j]);
                        var item = new DatasetItem(id, $"ct-{phantomSeeds[p]}-v{view}", presets[j].Name, $"images/{id}.png", depthPath,
                            CameraRecord.From(views[k].Camera), views[k].Pose.ToMatrix4x4(), "cinematic")
                        { Meta = new Dictionary<string, string> { ["phantom_seed"] = phantomSeeds[p].ToString(CultureInfo.InvariantCulture) } };
                        folder.WriteItem(item, r.Images[j], r.Depth, writeDepth: j == 0);
                    }
                }
                progress?.Report((double)++done / scenes);
            }
        }
        Finish(folder, split);
    }

    /// <summary>
    /// A subset of another dataset folder as a folder of its own: its manifest names the source's files by relative
    /// paths (nothing is copied); all its scenes go to <paramref name="split"/>.
    /// </summary>
    public static void WriteSubset(string sourceRoot, string root, Func<IReadOnlyList<DatasetItem>, IEnumerable<DatasetItem>> choose, SplitName split)
    {
        ArgumentNullException.ThrowIfNull(choose);
        var source = new DatasetFolder(sourceRoot);
        var target = new DatasetFolder(root);
        Directory.CreateDirectory(target.Root);
        var rel = Path.GetRelativePath(target.Root, source.Root).Replace('\\', '/');
        var chosen = choose(source.ReadManifest()).Select(i => i with { Image = $"{rel}/{i.Image}", Depth = $"{rel}/{i.Depth}" }).ToList();
        target.WriteManifest(chosen);
        WriteSplit(target, chosen, split);
    }

    private static void Finish(DatasetFolder folder, SplitName split)
    {
        folder.CommitManifest();
        WriteSplit(folder, folder.ReadManifest(), split);
    }

    private static void WriteSplit(DatasetFolder folder, IReadOnlyList<DatasetItem> items, SplitName split)
    {
        var scenes = items.Select(i => i.SceneId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var s = split switch
        {
            SplitName.Train => new SceneSplit { Train = scenes },
            SplitName.Val => new SceneSplit { Val = scenes },
            _ => new SceneSplit { Test = scenes },
        };
        s.Save(Path.Combine(folder.Root, DatasetFolder.SplitsFileName));
    }

    /// <summary>A derived seed (SplitMix-style mixing of two ints).</summary>
    public static int Mix(int a, int b)
    {
        var z = (ulong)(uint)a * 0x9E3779B97F4A7C15UL + (ulong)(uint)b + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
