using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// What <see cref="CinematicDatasetGenerator"/> produces: <see cref="Views"/> views spread round-robin over its
/// volumes,
/// view v's pose drawn from <see cref="Randomness.Seed.Derive64"/>(<see cref="Seed"/>, <see cref="PoseStream"/>, v)
/// and rendered under its looks (paper §2.2: each scene under four presets sharing one depth map).
/// </summary>
public sealed record CinematicDatasetSettings
{
    /// <summary>Stream of <see cref="Randomness.Seed.Derive64"/> for view poses.</summary>
    public const int PoseStream = 5;

    /// <summary>Total number of views (scenes) over all shards.</summary>
    public int Views { get; init; } = 4;
    /// <summary>Image width (px).</summary>
    public int Width { get; init; } = 256;
    /// <summary>Image height (px).</summary>
    public int Height { get; init; } = 256;
    /// <summary>Horizontal field of view (degrees); colonoscopes are wide-angle (140–170°).</summary>
    public float FieldOfViewDegrees { get; init; } = 140f;
    /// <summary>The projection; an equidistant fisheye by default (wide-angle endoscope).</summary>
    public ProjectionKind Projection { get; init; } = ProjectionKind.EquidistantFisheye;
    /// <summary>The run seed (of the poses; the renderer's path-tracing seed is its own setting).</summary>
    public int Seed { get; init; }
    /// <summary>
    /// Looks per view: 0 (default) renders every view under all n looks of the generator; k &gt; 0 renders view v
    /// under looks (v·k + j) mod n for j &lt; k (e.g. 1: one look per view, cycling through them).
    /// </summary>
    public int PresetsPerView { get; init; }
    /// <summary>
    /// Also write each look's linear HDR radiance as float32 (H, W, 3) <c>hdr/ID.npy</c> (needs looks bound to a
    /// <see cref="CinematicRenderer"/>, <see cref="VolumeLooks.Cinematic"/>).
    /// </summary>
    public bool WriteHdr { get; init; }
    /// <summary>
    /// Fraction of the CT volumes held out as the test split of the folder's <c>splits.json</c> (the views of one
    /// volume never straddle train and test; <see cref="EndoDepth.Datasets.SceneSplit.Holdout"/>), written after the last view;
    /// the rest is train. A single volume is train unless this is 1 (a held-out test volume). Default 0.2. Null writes
    /// no <c>splits.json</c> (every item is then train).
    /// </summary>
    public double? TestFraction { get; init; } = 0.2;
    /// <summary>Seed of the split's hash (a volume's split depends only on this seed and the volume's id).</summary>
    public int SplitSeed { get; init; }

    /// <summary>The camera every view uses.</summary>
    public CameraModel Camera => CameraModel.Create(Projection, Width, Height, FieldOfViewDegrees);

    /// <summary>The indices of the looks of view <paramref name="view"/> among <paramref name="lookCount"/>
    /// looks.</summary>
    public IReadOnlyList<int> LooksOf(int view, int lookCount)
    {
        if (PresetsPerView == 0) return [.. Enumerable.Range(0, lookCount)];
        return [.. Enumerable.Range(0,
            PresetsPerView).Select(j => (int)(((long)view * PresetsPerView + j) % lookCount))];
    }

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Views is < 1 or > 10_000_000) throw new ArgumentException($"Views must be in 1..10000000, got {Views}.",
            nameof(Views));
        if (PresetsPerView < 0)
            throw new ArgumentException($"PresetsPerView must be 0 or more, got {PresetsPerView}.",
                nameof(PresetsPerView));
        if (TestFraction is { } f && !(f is >= 0 and <= 1))
            throw new ArgumentException($"TestFraction must lie in [0, 1], got {f}.", nameof(TestFraction));
        _ = Camera;
    }
}
