using EndoDepth.Geometry;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// What <see cref="SyntheticDatasetGenerator"/> produces. Item i depends only on (<see cref="Seed"/>, i): it uses
/// phantom ⌊i / <see cref="ViewsPerPhantom"/>⌋ (seeded from the run seed and that index), or
/// <see cref="PhantomSeeds"/>[i mod n] when those are given, and a random stream seeded from (seed, i) for its pose,
/// lights and sensor noise. The paper (§2.1.1) generated 200,000 grey images with depth.
/// </summary>
public sealed record SyntheticDatasetSettings
{
    /// <summary>Total number of items (over all shards).</summary>
    public int Count { get; init; } = 1000;
    /// <summary>Image width (px).</summary>
    public int Width { get; init; } = 256;
    /// <summary>Image height (px).</summary>
    public int Height { get; init; } = 256;
    /// <summary>Horizontal field of view (degrees); colonoscopes are wide-angle (140–170°).</summary>
    public float FieldOfViewDegrees { get; init; } = 140f;
    /// <summary>The projection; an equidistant fisheye by default (wide-angle endoscope).</summary>
    public ProjectionKind Projection { get; init; } = ProjectionKind.EquidistantFisheye;
    /// <summary>The run seed.</summary>
    public int Seed { get; init; }
    /// <summary>Consecutive items that share one phantom (a phantom takes about a second to bake).</summary>
    public int ViewsPerPhantom { get; init; } = 250;
    /// <summary>
    /// The phantoms' seeds, when the caller assigns them (e.g. an experiment's phantom roles): item i uses
    /// <c>PhantomSeeds[i mod n]</c>, so any first N items spread over all of them; <see cref="ViewsPerPhantom"/> is
    /// then
    /// unused. Null or empty: phantoms derived from <see cref="Seed"/>.
    /// </summary>
    public IReadOnlyList<int>? PhantomSeeds { get; init; }
    /// <summary>Lights at the tip: 2 or 3 per item, drawn uniformly from this range (paper: "two to three light
    /// sources").</summary>
    public (int Min, int Max) LightCount { get; init; } = (2, 3);
    /// <summary>Phantom generator settings.</summary>
    public ColonPhantomSettings Phantom { get; init; } = new();
    /// <summary>Surface grid spacing of each phantom (mm).</summary>
    public float SurfaceSpacingMm { get; init; } = 0.8f;
    /// <summary>Pose ranges.</summary>
    public EndoscopePoseSettings Poses { get; init; } = new();
    /// <summary>Shading and sensor settings (the noise seed is replaced per item).</summary>
    public SyntheticEndoscopeSettings Endoscope { get; init; } = new();
    /// <summary>
    /// Fraction of the phantoms held out as the test split of the folder's <c>splits.json</c> (scene level: the views
    /// of one phantom never straddle train and test; <see cref="EndoDepth.Datasets.SceneSplit.Holdout"/>), written after the
    /// last item; the rest is train. Default 0.2. Null writes no <c>splits.json</c> (every item is then train).
    /// </summary>
    public double? TestFraction { get; init; } = 0.2;
    /// <summary>Seed of the split's hash (a phantom's split depends only on this seed and the phantom).</summary>
    public int SplitSeed { get; init; }
    /// <summary>Items between manifest rewrites (the manifest is always whole: it is replaced atomically).</summary>
    public int ManifestEvery { get; init; } = 200;

    /// <summary>The camera every item uses.</summary>
    public CameraModel Camera => CameraModel.Create(Projection, Width, Height, FieldOfViewDegrees);

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Count is < 1 or > 100_000_000) throw new ArgumentException($"Count must be in 1..100000000, got {Count}.",
            nameof(Count));
        if (ViewsPerPhantom < 1) throw new ArgumentException("ViewsPerPhantom must be positive.",
            nameof(ViewsPerPhantom));
        if (LightCount.Min < 1 || LightCount.Max > 4 || LightCount.Max < LightCount.Min)
            throw new ArgumentException("LightCount must lie in 1..4.", nameof(LightCount));
        if (TestFraction is { } f && !(f is >= 0 and <= 1))
            throw new ArgumentException($"TestFraction must lie in [0, 1], got {f}.", nameof(TestFraction));
        if (ManifestEvery < 1) throw new ArgumentException("ManifestEvery must be positive.", nameof(ManifestEvery));
        _ = Camera;
        Phantom.Validate(); Poses.Validate(); Endoscope.Validate();
    }
}
