namespace EndoDepth.Datasets.Importers;

/// <summary>Settings of a public-dataset import.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// The split every imported sequence goes to (default <see cref="SplitName.Test"/>: public data is for testing a
    /// model trained on rendered data), or null to split sequences by a seeded hash (80/10/10).
    /// </summary>
    public SplitName? Split { get; init; } = SplitName.Test;

    /// <summary>Keep every <c>Stride</c>-th frame of each sequence (default 1: all frames).</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Stop after this many frames in total (default: no limit).</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Camera to record for every frame, overriding the format's nominal camera (scaled to each image's size).
    /// </summary>
    public CameraRecord? Camera { get; init; }

    /// <summary>Seed of the hash split (when <see cref="Split"/> is null).</summary>
    public int Seed { get; init; }
}

/// <summary>What an import wrote.</summary>
/// <param name="Items">Items in the output folder's manifest.</param>
/// <param name="Sequences">Sequences (scene ids) found.</param>
/// <param name="Reused">Items already complete from an earlier run and left as they were.</param>
/// <param name="Root">The output dataset folder.</param>
public sealed record ImportSummary(int Items, int Sequences, int Reused, string Root);

/// <summary>One frame found in a public dataset: its colour image and its depth file.</summary>
/// <param name="Sequence">The sequence (video) it belongs to; becomes the scene id.</param>
/// <param name="Frame">The frame number as the dataset spells it, e.g. "0007".</param>
/// <param name="ImagePath">Colour image file.</param>
/// <param name="DepthPath">Depth file.</param>
public sealed record ImportFrame(string Sequence, string Frame, string ImagePath, string DepthPath);
