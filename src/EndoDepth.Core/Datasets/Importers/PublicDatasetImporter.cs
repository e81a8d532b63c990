using System.Globalization;
using System.Text.Json;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Datasets.Importers;

/// <summary>
/// Converts a public endoscopy depth dataset into EndoDepth's dataset folder (<see cref="DatasetFolder"/>): RGB PNG
/// images, float32 depth in millimetres (z-depth, 0 = invalid), a manifest and a scene split in which each dataset
/// sequence is one scene — so frames of one video, which are close views of one another, never end up on both sides
/// of a split (the paper's "no test image within close proximity of a training image").
/// Resumable: items already complete are kept.
/// </summary>
public abstract class PublicDatasetImporter
{
    /// <summary>Short source name written to the manifest ("simcol3d", "c3vd").</summary>
    public abstract string SourceName { get; }

    /// <summary>Finds the frames under <paramref name="sourceRoot"/>, ordered by sequence, then frame.</summary>
    /// <exception cref="DatasetException">No frame in the dataset's layout was found.</exception>
    public abstract IReadOnlyList<ImportFrame> Discover(string sourceRoot);

    /// <summary>Reads one frame's depth and converts it to millimetres with the dataset's published scale.</summary>
    public abstract DepthMap ReadDepth(ImportFrame frame);

    /// <summary>The nominal camera of the dataset for an image of the given size.</summary>
    public abstract CameraModel NominalCamera(int width, int height);

    /// <summary>
    /// Imports every frame found under <paramref name="sourceRoot"/> into <paramref name="outputRoot"/>, which is
    /// locked for the call (<see cref="DatasetFolder.BeginWrite"/>).
    /// </summary>
    /// <param name="sourceRoot">The dataset as downloaded.</param>
    /// <param name="outputRoot">The dataset folder to write.</param>
    /// <param name="options">Split, stride, limit and camera (defaults when null).</param>
    /// <param name="progress">Receives the number of frames done.</param>
    /// <param name="cancellationToken">Cancels between frames; what was written stays valid.</param>
    /// <exception cref="DatasetException">Nothing to import, or a frame lacks its image.</exception>
    /// <exception cref="DataFileException">An image or depth file is malformed (the message names it).</exception>
    /// <exception cref="FolderInUseException">Another run is writing <paramref name="outputRoot"/>.</exception>
    /// <exception cref="DatasetRecipeException">The folder was imported from another source, format, stride or
    /// camera, or with more frames (<see cref="DatasetFolder.StartOver"/> starts it over).</exception>
    public ImportSummary Import(string sourceRoot, string outputRoot, ImportOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceRoot);
        ArgumentNullException.ThrowIfNull(outputRoot);
        options ??= new ImportOptions();
        if (options.Stride < 1) throw new ArgumentOutOfRangeException(nameof(options), "Stride must be at least 1.");
        if (!Directory.Exists(sourceRoot)) throw new DirectoryNotFoundException($"{sourceRoot}: no such folder.");
        var frames = Discover(sourceRoot);
        var chosen = frames.GroupBy(f => f.Sequence, StringComparer.Ordinal)
            .SelectMany(g => g.Where((_, i) => i % options.Stride == 0))
            .Take(options.Limit ?? int.MaxValue).ToList();
        var folder = new DatasetFolder(outputRoot);
        // What decides the items: the source, the format, the frames chosen and the camera recorded. The split only
        // decides splits.json, rewritten whole at the end of every run.
        using var writing = folder.BeginWrite(new DatasetRecipe("frames", chosen.Count,
            new Dictionary<string, string>
            {
                ["format"] = SourceName,
                ["source"] = Path.GetFullPath(sourceRoot),
                ["stride"] = options.Stride.ToString(CultureInfo.InvariantCulture),
                ["camera"] = options.Camera is { } given ? JsonSerializer.Serialize(given) : "nominal",
            }));
        var reused = 0;
        for (var i = 0; i < chosen.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var f = chosen[i];
            var id = SafeId($"{f.Sequence}-{f.Frame}");
            if (folder.IsComplete(id)) { reused++; progress?.Report(i + 1); continue; }
            if (!File.Exists(f.ImagePath)) throw new DatasetException(f.DepthPath,
                $"the colour image '{f.ImagePath}' of this depth map is missing");
            var image = PngFile.Read(f.ImagePath, 3);
            var depth = ReadDepth(f);
            if (depth.Width != image.Width || depth.Height != image.Height)
                throw new DatasetException(f.DepthPath,
                    $"depth is {depth.Width}×{depth.Height} but its image '{f.ImagePath}' is " +
                    $"{image.Width}×{image.Height}");
            var camera = options.Camera is { } c
                ? Rescale(c, image.Width, image.Height)
                : CameraRecord.From(NominalCamera(image.Width, image.Height));
            var item = new DatasetItem(id, SafeId(f.Sequence), null, $"images/{id}.png", $"depth/{id}.npy", camera,
                null, SourceName)
            {
                Meta = new Dictionary<string, string>
                {
                    ["source_image"] = Path.GetRelativePath(sourceRoot, f.ImagePath).Replace('\\', '/'),
                    ["source_depth"] = Path.GetRelativePath(sourceRoot, f.DepthPath).Replace('\\', '/'),
                    ["camera"] = options.Camera is null ? "nominal" : "given",
                },
            };
            folder.WriteItem(item, image, depth);
            progress?.Report(i + 1);
        }
        folder.CommitManifest();
        var scenes = chosen.Select(f => SafeId(f.Sequence)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        var split = options.Split switch
        {
            SplitName.Train => new SceneSplit { Train = scenes },
            SplitName.Val => new SceneSplit { Val = scenes },
            SplitName.Test => new SceneSplit { Test = scenes },
            _ => SceneSplit.ByHash(scenes, 0.1, 0.1, options.Seed),
        };
        split.Save(Path.Combine(folder.Root, DatasetFolder.SplitsFileName));
        return new ImportSummary(chosen.Count, scenes.Count, reused, folder.Root);
    }

    /// <summary>
    /// Builds a depth map from raw samples: mm = v · <paramref name="millimetresPerUnit"/>, invalid where
    /// <paramref name="isInvalid"/>.
    /// </summary>
    protected static DepthMap ToMillimetres(RawDepthImage raw, double millimetresPerUnit, Func<ushort, bool> isInvalid)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(isInvalid);
        var mm = new float[raw.Samples.Length];
        var valid = new bool[mm.Length];
        for (var i = 0; i < mm.Length; i++)
        {
            var v = raw.Samples[i];
            valid[i] = !isInvalid(v);
            mm[i] = valid[i] ? (float)(v * millimetresPerUnit) : 0f;
        }
        return new DepthMap(raw.Width, raw.Height, mm, valid);
    }

    /// <summary>The sequence name of a folder: its path relative to the source root, with "_" for separators.</summary>
    protected static string SequenceName(string sourceRoot, string folder)
    {
        var rel = Path.GetRelativePath(sourceRoot, folder).Replace('\\', '/');
        return rel == "." ? Path.GetFileName(Path.GetFullPath(sourceRoot)
            .TrimEnd(Path.DirectorySeparatorChar)) : rel.Replace('/', '_');
    }

    private static string SafeId(string s)
    {
        var chars = s.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray();
        return new string(chars).Replace("..", "_", StringComparison.Ordinal);
    }

    private static CameraRecord Rescale(CameraRecord c, int width, int height)
    {
        if (c.Width == width && c.Height == height) return c;
        if (c.Coefficients is not null) return CameraRecord.From(c.ToCamera().Resized(width, height)); // lens models
        double sx = (double)width / c.Width, sy = (double)height / c.Height;
        return c with { Width = width, Height = height, Fx = c.Fx * sx, Fy = c.Fy * sy, Cx = c.Cx * sx,
            Cy = c.Cy * sy };
    }
}
