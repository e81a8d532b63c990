using EndoDepth.Experiments.Results;
using PaperRow = (string Method, string Training, string FineTuning, EndoDepth.Experiments.Results.MetricValues Values);

namespace EndoDepth.Experiments;

/// <summary>
/// The numbers of Mahmood et al., "Deep Learning with Cinematic Rendering" (Tables 1–3), shown beside ours.
/// The paper reports rel, log10 and rms only (rms without a unit); δ1 is not reported (NaN here).
/// </summary>
public static class PaperNumbers
{
    private static MetricValues M(double rel, double log10, double rms) => new(rel, log10, rms, double.NaN, 0);

    /// <summary>Table 1: cinematically rendered test images. Rows: (method, training, fine-tuning, values).</summary>
    public static IReadOnlyList<PaperRow> Table1 { get; } =
    [
        ("CNN-CRF", "200,000", "None", M(0.394, 0.241, 1.933)),
        ("CNN-CRF-FT", "200,000", "1200", M(0.166, 0.078, 0.708)),
        ("CNN-CRF", "100,000", "None", M(0.477, 0.319, 2.590)),
        ("CNN-CRF-FT", "100,000", "1200", M(0.189, 0.081, 0.756)),
    ];

    /// <summary>Table 2: real pig colon endoscopy images (a domain the training never saw).</summary>
    public static IReadOnlyList<PaperRow> Table2 { get; } =
    [
        ("CNN-CRF", "200,000", "None", M(0.411, 0.258, 2.318)),
        ("CNN-CRF-FT", "200,000", "1200", M(0.298, 0.171, 1.387)),
        ("CNN-CRF", "100,000", "None", M(0.495, 0.392, 2.897)),
        ("CNN-CRF-FT", "100,000", "1200", M(0.329, 0.196, 1.714)),
    ];

    /// <summary>Table 3: fine-tuning with one rendering × 300 vs four renderings × 75 (pig colon data).</summary>
    public static IReadOnlyList<PaperRow> Table3 { get; } =
    [
        ("CNN-CRF-FT (1 × 300 Rendering)", "200,000", "300", M(0.471, 0.363, 2.614)),
        ("CNN-CRF-FT (4 × 75 Renderings)", "200,000", "300", M(0.364, 0.221, 2.153)),
    ];
}
