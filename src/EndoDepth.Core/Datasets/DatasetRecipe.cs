using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EndoDepth.IO;

namespace EndoDepth.Datasets;

/// <summary>
/// The arguments that define what a generated dataset folder holds, recorded in its <c>recipe.json</c> so that a
/// rerun resumes only the same dataset. <see cref="Arguments"/> must match exactly (a changed seed, size, camera or
/// renderer setting would mix two datasets in one folder); <see cref="Count"/> (items or views, named
/// <see cref="CountName"/>) may grow, which extends the set, because item i depends only on the arguments and i.
/// </summary>
/// <param name="CountName">Name of the count argument ("count", "views").</param>
/// <param name="Count">Number of items or views the folder is to hold.</param>
/// <param name="Arguments">Every other argument that changes the folder's bytes, by name, as invariant text.</param>
public sealed record DatasetRecipe(
    [property: JsonPropertyName("count_name")] string CountName,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("arguments")] IReadOnlyDictionary<string, string> Arguments)
{
    /// <summary>File name of the recipe in a dataset folder.</summary>
    public const string FileName = "recipe.json";

    /// <summary>Reads the recipe of <paramref name="folder"/>; null when it has none.</summary>
    /// <exception cref="DatasetException">The recipe is malformed (names the file).</exception>
    public static DatasetRecipe? Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<DatasetRecipe>(File.ReadAllText(path)) is { CountName: not null,
                Arguments: not null } r ? r : throw new DatasetException(path, "recipe lacks count_name or arguments");
        }
        catch (JsonException e) { throw new DatasetException(path, "malformed recipe: " + e.Message, null, e); }
    }

    /// <summary>Writes the recipe into <paramref name="folder"/> (atomically).</summary>
    public void Save(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Readable));
    }

    /// <summary>Indented, with quotes inside values (settings written as JSON) escaped as \" rather than \u0022.
    /// </summary>
    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Arguments that decide only splits.json, not the items: a folder recorded without them (made before generators
    /// wrote splits) resumes under any value, and gets its splits then.
    /// </summary>
    private static readonly HashSet<string> SplitArguments = new(StringComparer.Ordinal) { "test-fraction",
        "split-seed" };

    /// <summary>
    /// The recipe a folder made with <paramref name="recorded"/> gets when this recipe resumes it: the same arguments,
    /// the larger count.
    /// </summary>
    /// <exception cref="DatasetRecipeException">An argument differs, or this count is smaller than the recorded one
    /// (the items beyond it would stay in the folder).</exception>
    public DatasetRecipe Resume(DatasetRecipe recorded, string folder)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(folder);
        // In this recipe's order (the most telling arguments first), then what only the recorded one has.
        foreach (var name in Arguments.Keys.Union(recorded.Arguments.Keys, StringComparer.Ordinal))
        {
            var was = recorded.Arguments.GetValueOrDefault(name);
            var now = Arguments.GetValueOrDefault(name);
            if (was is null && SplitArguments.Contains(name)) continue; // a folder made before splits were written
            if (!string.Equals(was, now, StringComparison.Ordinal))
                throw new DatasetRecipeException(folder, name, was, now);
        }
        if (!string.Equals(recorded.CountName, CountName, StringComparison.Ordinal))
            throw new DatasetRecipeException(folder, "count", recorded.CountName, CountName);
        if (Count < recorded.Count)
            throw new DatasetRecipeException(folder, CountName,
                recorded.Count.ToString(CultureInfo.InvariantCulture), Count.ToString(CultureInfo.InvariantCulture),
                "a smaller count would leave the items beyond it in the folder");
        return this;
    }
}
