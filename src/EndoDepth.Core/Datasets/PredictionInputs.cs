namespace EndoDepth.Datasets;

/// <summary>One image to predict and where its outputs go, relative to the output folder, without extension.</summary>
/// <param name="Image">Full path of the image.</param>
/// <param name="OutputStem">Output path relative to the output folder, without extension (e.g. <c>seq2/0007</c>).</param>
public sealed record PredictionInput(string Image, string OutputStem);

/// <summary>
/// Expands the inputs of a batch prediction: image files stand for themselves (output <c>NAME</c>), folders for every
/// PNG or JPEG below them (output mirrors the path inside the folder, so same-named frames of different sequences
/// coexist). Two inputs that would write the same output are refused before any work.
/// </summary>
public static class PredictionInputs
{
    /// <summary>Extensions read as images (case-insensitive).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>The images of <paramref name="paths"/> in order (folders sorted by ordinal path).</summary>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder.</exception>
    /// <exception cref="ArgumentException">No image at all, or two inputs map to the same output.</exception>
    public static IReadOnlyList<PredictionInput> Expand(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var result = new List<PredictionInput>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                foreach (var f in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                             .Where(IsImage).Order(StringComparer.Ordinal))
                    Add(f, Path.ChangeExtension(Path.GetRelativePath(full, f), null));
            }
            else if (File.Exists(full)) Add(full, Path.GetFileNameWithoutExtension(full));
            else throw new FileNotFoundException($"Input '{path}' is neither an image file nor a folder.", path);
        }
        if (result.Count == 0) throw new ArgumentException("No PNG or JPEG image among the inputs.", nameof(paths));
        return result;

        void Add(string image, string stem)
        {
            stem = stem.Replace('\\', '/');
            if (!owners.TryAdd(stem, image))
                throw new ArgumentException($"Inputs '{owners[stem]}' and '{image}' would both write the outputs " +
                    $"'{stem}'; predict them into separate folders.", nameof(paths));
            result.Add(new PredictionInput(image, stem));
        }
    }

    private static bool IsImage(string file) =>
        ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant(), StringComparer.Ordinal);
}
