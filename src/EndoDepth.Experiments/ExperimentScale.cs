namespace EndoDepth.Experiments;

/// <summary>
/// The counts of one run of the paper's protocol. <see cref="Paper"/> has the paper's numbers (200,000 / 100,000
/// synthetic images, 300 scenes × 4 renderings = 1,200 for fine-tuning, 200 epochs); the others scale them down.
/// </summary>
/// <param name="Name">Scale name.</param>
/// <param name="Width">Image width (px).</param>
/// <param name="Height">Image height (px).</param>
/// <param name="FieldOfViewDegrees">Horizontal field of view of the (fisheye) endoscope camera.</param>
/// <param name="PretrainSizes">Synthetic pre-training set sizes, largest first (Tables 1–2 rows, error-vs-size
/// plot).</param>
/// <param name="SyntheticPhantoms">Phantoms the synthetic images are spread over.</param>
/// <param name="FineTuneScenes">Scenes rendered with the four presets for fine-tuning (paper: 300).</param>
/// <param name="FineTunePhantoms">CT volumes those scenes come from (paper: 9 patients).</param>
/// <param name="TestScenes">Rendered test scenes (Table 1), each under the four presets.</param>
/// <param name="TestPhantoms">Held-out phantoms of Table 1.</param>
/// <param name="UnseenScenes">Test views of the unseen domain (Tables 2–3): other phantoms, other presets.</param>
/// <param name="UnseenPhantoms">Phantoms of the unseen domain.</param>
/// <param name="UnseenPresets">Random presets outside the four used for the unseen domain.</param>
/// <param name="PretrainEpochs">Pre-training epochs (paper: 200).</param>
/// <param name="FineTuneEpochs">Fine-tuning epochs (not stated by the paper).</param>
public sealed record ExperimentScale(
    string Name, int Width, int Height, float FieldOfViewDegrees,
    IReadOnlyList<int> PretrainSizes, int SyntheticPhantoms,
    int FineTuneScenes, int FineTunePhantoms,
    int TestScenes, int TestPhantoms,
    int UnseenScenes, int UnseenPhantoms, int UnseenPresets,
    int PretrainEpochs, int FineTuneEpochs)
{
    /// <summary>Seconds-long run for tests.</summary>
    public static ExperimentScale Tiny { get; } = new("tiny", 32, 32, 120f, [24, 12], 2, 8, 2, 3, 1, 4, 1, 4, 3, 2);

    /// <summary>The demo: the whole pipeline in minutes on a 2-core CPU.</summary>
    public static ExperimentScale Demo { get; } = new("demo", 64, 64, 120f, [96, 48], 4, 8, 2, 4, 2, 8, 2, 4, 30, 20);

    /// <summary>Small: ~1% of the paper's synthetic data.</summary>
    public static ExperimentScale Small { get; } = new("small", 96, 96, 120f, [2000, 1000], 10, 40, 4, 16, 2, 24, 2, 8,
        20, 10);

    /// <summary>
    /// Medium: 10% of the paper's synthetic data, 10 epochs (about 1¾ h on 2 cores with the FCSP unary).
    /// </summary>
    public static ExperimentScale Medium { get; } = new("medium", 128, 128, 120f, [20000, 10000], 40, 120, 9, 40, 3, 60,
        3, 12, 10, 10);

    /// <summary>The paper's counts.</summary>
    public static ExperimentScale Paper { get; } = new("paper", 256, 256, 120f, [200000, 100000], 200, 300, 9, 100, 3,
        100, 3, 16, 200, 50);

    /// <summary>A scale by name.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static ExperimentScale ByName(string name) => name switch
    {
        "tiny" => Tiny,
        "demo" => Demo,
        "small" => Small,
        "medium" => Medium,
        "paper" => Paper,
        _ => throw new ArgumentException($"Unknown scale '{name}' (expected small, medium or paper)."),
    };
}
