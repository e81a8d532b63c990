using EndoDepth.Video;
using Microsoft.Extensions.FileSystemGlobbing;

namespace EndoDepth.Datasets;

/// <summary>
/// One image or video to predict and where its outputs go, relative to the output folder, without extension. A
/// video's frames go below its stem: <c>OutputStem/000123</c>.
/// </summary>
/// <param name="Image">Full path of the image or video file.</param>
/// <param name="OutputStem">Output path relative to the output folder, without extension (e.g. <c>seq2/0007</c>).</param>
public sealed record PredictionInput(string Image, string OutputStem)
{
    /// <summary>True when <see cref="Image"/> is a video (<see cref="VideoFrames.Extensions"/>).</summary>
    public bool IsVideo => VideoFrames.IsVideo(Image);
}

/// <summary>
/// Expands the inputs of a batch prediction: image and video files stand for themselves (output <c>NAME</c>; a
/// video's frames <c>NAME/000123</c>), folders for every PNG, JPEG, MP4 or AVI below them (outputs mirror the path
/// inside the folder, so same-named frames of different sequences coexist), and glob patterns (<c>*</c> within a
/// name, <c>**</c> across folders; for when the shell left them unexpanded, e.g. quoted) for the files they match
/// (outputs mirror the path below the pattern's last folder without a wildcard). Two inputs that would write the
/// same output are refused before any work.
/// </summary>
public static class PredictionInputs
{
    /// <summary>Extensions read as images (case-insensitive).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>
    /// The images and videos of <paramref name="paths"/> in order (folders and glob matches sorted by ordinal path).
    /// </summary>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder, nor a pattern that matches a
    /// file.</exception>
    /// <exception cref="ArgumentException">No image or video at all, or two inputs map to the same output.</exception>
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
                             .Where(IsInput).Order(StringComparer.Ordinal))
                    Add(f, Path.ChangeExtension(Path.GetRelativePath(full, f), null));
            }
            else if (File.Exists(full)) Add(full, Path.GetFileNameWithoutExtension(full));
            else if (IsPattern(path))
            {
                var (root, matches) = Glob(path);
                if (matches.Count == 0)
                    throw new FileNotFoundException($"Input pattern '{path}' matches no image or video.", path);
                foreach (var f in matches) Add(f, Path.ChangeExtension(Path.GetRelativePath(root, f), null));
            }
            else throw new FileNotFoundException($"Input '{path}' is neither an image or video file nor a folder.",
                path);
        }
        if (result.Count == 0)
            throw new ArgumentException("No PNG or JPEG image nor MP4 or AVI video among the inputs.", nameof(paths));
        CheckVideoFolders();
        return result;

        void Add(string image, string stem)
        {
            stem = stem.Replace('\\', '/');
            if (!owners.TryAdd(stem, image))
                throw new ArgumentException($"Inputs '{owners[stem]}' and '{image}' would both write the outputs " +
                    $"'{stem}'; predict them into separate folders.", nameof(paths));
            result.Add(new PredictionInput(image, stem));
        }

        // A video writes below its stem as a folder: no other input may write into that folder.
        void CheckVideoFolders()
        {
            foreach (var video in result.Where(r => r.IsVideo))
            {
                var prefix = video.OutputStem + "/";
                var other = result.FirstOrDefault(r => r.OutputStem.StartsWith(prefix, StringComparison.Ordinal));
                if (other is not null)
                    throw new ArgumentException($"Video '{video.Image}' writes its frames into '{prefix}', where " +
                        $"'{other.Image}' also writes; predict them into separate folders.", nameof(paths));
            }
        }
    }

    /// <summary>True when <paramref name="path"/> holds a glob wildcard (<c>*</c>; <c>**</c> spans folders).</summary>
    public static bool IsPattern(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Contains('*', StringComparison.Ordinal);
    }

    /// <summary>
    /// The images and videos a glob pattern matches, with the folder their outputs are relative to: the pattern's
    /// leading folders without a wildcard (<c>frames/**/*.png</c> → <c>frames</c>).
    /// </summary>
    private static (string Root, List<string> Matches) Glob(string pattern)
    {
        var parts = pattern.Replace('\\', '/').Split('/');
        var literal = parts.TakeWhile(p => !IsPattern(p)).Count();
        var rootText = string.Join('/', parts[..literal]);
        var root = Path.GetFullPath(rootText.Length == 0 ? (pattern.StartsWith('/') ? "/" : ".") : rootText);
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', parts[literal..]));
        var matches = Directory.Exists(root)
            ? matcher.GetResultsInFullPath(root).Where(IsInput).Order(StringComparer.Ordinal).ToList()
            : [];
        return (root, matches);
    }

    private static bool IsInput(string file) =>
        ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant(), StringComparer.Ordinal)
        || VideoFrames.IsVideo(file);
}
