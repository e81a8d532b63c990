using System.Text.Json.Serialization;

namespace EndoDepth.Experiments.Results;

/// <summary>A results table like the paper's Tables 1–3.</summary>
/// <param name="Id">"table1", "table2", "table3".</param>
/// <param name="Title">Caption.</param>
/// <param name="TestSet">What it was evaluated on.</param>
/// <param name="Rows">The rows.</param>
public sealed record ResultTable(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("test_set")] string TestSet,
    [property: JsonPropertyName("rows")] IReadOnlyList<TableRow> Rows);
