using System.Text.Json.Serialization;

namespace EndoDepth.Experiments.Results;

/// <summary>
/// One row of a results table: a model (or a baseline, or the oracle), its training and fine-tuning set sizes, our
/// numbers unaligned and median-aligned, and the paper's.
/// </summary>
/// <param name="Method">"CNN-CRF", "CNN-CRF-FT", "CNN-CRF-FT (1 × N)", …</param>
/// <param name="Training">Pre-training set size as run.</param>
/// <param name="FineTuning">Fine-tuning set size as run ("None" when not fine-tuned).</param>
/// <param name="Ours">Our measured errors.</param>
/// <param name="Paper">The paper's numbers for the corresponding row (rms in the paper's unstated unit; δ1 not
/// reported), or null.</param>
/// <param name="PaperTraining">The paper's training size for that row.</param>
/// <param name="PaperFineTuning">The paper's fine-tuning size for that row.</param>
public sealed record TableRow(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("training")] string Training,
    [property: JsonPropertyName("fine_tuning")] string FineTuning,
    [property: JsonPropertyName("ours")] MetricValues Ours,
    [property: JsonPropertyName("paper")] MetricValues? Paper,
    [property: JsonPropertyName("paper_training")] string? PaperTraining = null,
    [property: JsonPropertyName("paper_fine_tuning")] string? PaperFineTuning = null)
{
    /// <summary>Our errors with per-image median alignment (null in results written before it was measured).</summary>
    [JsonPropertyName("ours_median")] public MetricValues? Median { get; init; }

    /// <summary>A row of our errors both ways.</summary>
    public static TableRow Of(string method, string training, string fineTuning, TestSetErrors errors,
        MetricValues? paper = null, string? paperTraining = null, string? paperFineTuning = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new TableRow(method, training, fineTuning, errors.Ours, paper, paperTraining,
            paperFineTuning) { Median = errors.Median };
    }
}
