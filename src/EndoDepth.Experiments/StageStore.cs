using System.Text.Json;
using EndoDepth.IO;

namespace EndoDepth.Experiments;

/// <summary>
/// Completion records of experiment stages (<c>stages/NAME.json</c>, written atomically when a stage finishes): a
/// stage whose record exists is complete and its outputs are reused; a stage killed midway has no record and is
/// resumed (its datasets skip the items already complete).
/// </summary>
internal sealed class StageStore(string root)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The stages folder.</summary>
    public string Folder { get; } = Path.Combine(root, "stages");

    /// <summary>True when the stage has finished (its record exists).</summary>
    public bool IsComplete(string stage) => File.Exists(Path.Combine(Folder, stage + ".json"));

    /// <summary>The record of a finished stage, or default when it has not finished.</summary>
    public T? TryGet<T>(string stage)
    {
        var p = Path.Combine(Folder, stage + ".json");
        if (!File.Exists(p)) return default;
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(p), Json); }
        catch (JsonException) { return default; }
    }

    /// <summary>Marks a stage finished with its record.</summary>
    public void Complete<T>(string stage, T record) =>
        AtomicFile.WriteAllText(Path.Combine(Folder, stage + ".json"), JsonSerializer.Serialize(record, Json));

    /// <summary>
    /// Runs a stage unless its record exists (and, when <paramref name="reusable"/> is given, it accepts the record: a
    /// record of an older build may lack what this one needs); returns the record.
    /// </summary>
    public T Run<T>(string stage, Func<T> run, Func<T, bool>? reusable = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (IsComplete(stage) && TryGet<T>(stage) is { } done && (reusable is null || reusable(done))) return done;
        var r = run();
        Complete(stage, r);
        return r;
    }
}
