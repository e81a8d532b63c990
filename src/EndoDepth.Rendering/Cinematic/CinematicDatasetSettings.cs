using EndoDepth.Abstractions;
using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// What <see cref="CinematicDatasetGenerator"/> produces: <see cref="Views"/> views spread round-robin over its volumes,
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
    /// <summary>The looks; the paper's four by default (<see cref="CinematicPresets.BuiltIn"/>).</summary>
    public IReadOnlyList<IRenderPreset> Presets { get; init; } = CinematicPresets.BuiltIn;
    /// <summary>
    /// Looks per view: 0 (default) renders every view under all <see cref="Presets"/>; k &gt; 0 renders view v under
    /// presets (v·k + j) mod n for j &lt; k (e.g. 1: one look per view, cycling through them).
    /// </summary>
    public int PresetsPerView { get; init; }
    /// <summary>Also write each look's linear HDR radiance as float32 (H, W, 3) <c>hdr/ID.npy</c> (needs a <see cref="CinematicRenderer"/>).</summary>
    public bool WriteHdr { get; init; }

    /// <summary>The camera every view uses.</summary>
    public CameraModel Camera => CameraModel.Create(Projection, Width, Height, FieldOfViewDegrees);

    /// <summary>The looks of view <paramref name="view"/>.</summary>
    public IReadOnlyList<IRenderPreset> PresetsOf(int view)
    {
        if (PresetsPerView == 0) return Presets;
        return [.. Enumerable.Range(0, PresetsPerView).Select(j => Presets[(int)(((long)view * PresetsPerView + j) % Presets.Count)])];
    }

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Views is < 1 or > 10_000_000) throw new ArgumentException($"Views must be in 1..10000000, got {Views}.", nameof(Views));
        if (Presets is null || Presets.Count == 0) throw new ArgumentException("At least one preset is needed.", nameof(Presets));
        if (Presets.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != Presets.Count) throw new ArgumentException("Preset names must be distinct.", nameof(Presets));
        if (PresetsPerView < 0 || PresetsPerView > Presets.Count) throw new ArgumentException($"PresetsPerView must be in 0..{Presets.Count}, got {PresetsPerView}.", nameof(PresetsPerView));
        _ = Camera;
    }
}
