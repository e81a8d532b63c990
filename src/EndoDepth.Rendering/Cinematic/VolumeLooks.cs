using System.Collections;
using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Rendering.Datasets;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Looks (rendering presets) together with the volume renderer that understands them, bound by their preset type so
/// that a <see cref="CinematicDatasetGenerator"/> (or an experiment) can render any of them without knowing that type.
/// Reads as the list of its presets.
/// </summary>
public abstract class VolumeLooks : IReadOnlyList<IRenderPreset>
{
    private protected VolumeLooks() { }

    /// <summary>The number of looks.</summary>
    public abstract int Count { get; }

    /// <summary>Look <paramref name="index"/>.</summary>
    public abstract IRenderPreset this[int index] { get; }

    /// <summary>
    /// Binds <paramref name="presets"/> to <paramref name="renderer"/>: what a dataset needs of any
    /// <see cref="IVolumeRenderer{TPreset}"/>.
    /// </summary>
    /// <typeparam name="TPreset">The presets' type, the one the renderer reads.</typeparam>
    /// <exception cref="ArgumentException">No presets, or a null one.</exception>
    public static VolumeLooks Create<TPreset>(IVolumeRenderer<TPreset> renderer, IReadOnlyList<TPreset> presets)
        where TPreset : IRenderPreset => new Bound<TPreset>(renderer, presets);

    /// <summary>
    /// Binds <paramref name="presets"/> to the cinematic renderer: besides display images it renders linear HDR
    /// radiance and records its sample count and depth threshold in each item's meta.
    /// </summary>
    /// <exception cref="ArgumentException">No presets, or a null one.</exception>
    public static VolumeLooks Cinematic(CinematicRenderer renderer, IReadOnlyList<CinematicPreset> presets) =>
        new CinematicLooks(renderer, presets);

    /// <summary>True when <see cref="Render"/> can return HDR radiance.</summary>
    internal virtual bool HasHdr => false;

    /// <summary>What the renderer records about itself in each item's meta.</summary>
    internal virtual IReadOnlyDictionary<string, string> Meta => new Dictionary<string, string>();

    /// <summary>
    /// What defines the renderer's images in a dataset's recipe: the looks' names and the renderer (its type, and for
    /// the cinematic renderer its settings).
    /// </summary>
    internal virtual IReadOnlyDictionary<string, string> Recipe => new Dictionary<string, string>
    {
        ["looks"] = LookNames,
    };

    /// <summary>The looks' names, comma-separated.</summary>
    private protected string LookNames => string.Join(',', this.Select(p => p.Name));

    /// <summary>
    /// One view under looks <paramref name="looks"/> (indices into this list), all sharing one depth map; HDR radiance
    /// too when <paramref name="hdr"/> (needs <see cref="HasHdr"/>).
    /// </summary>
    internal abstract (IReadOnlyList<ImageF> Images, IReadOnlyList<ImageF>? Hdr, DepthMap Depth) Render(
        CtVolume volume, CameraView view, IReadOnlyList<int> looks, bool hdr, IProgress<double>? progress,
        CancellationToken cancellationToken);

    /// <inheritdoc />
    public IEnumerator<IRenderPreset> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static IReadOnlyList<T> Checked<T>(IReadOnlyList<T> presets) where T : IRenderPreset
    {
        ArgumentNullException.ThrowIfNull(presets);
        if (presets.Count == 0) throw new ArgumentException("At least one preset is needed.", nameof(presets));
        if (presets.Any(p => p is null)) throw new ArgumentException("A preset is null.", nameof(presets));
        return [.. presets];
    }

    private class Bound<TPreset>(IVolumeRenderer<TPreset> renderer, IReadOnlyList<TPreset> presets) : VolumeLooks
        where TPreset : IRenderPreset
    {
        protected IReadOnlyList<TPreset> Presets { get; } = Checked(presets);

        protected IVolumeRenderer<TPreset> Renderer { get; } =
            renderer ?? throw new ArgumentNullException(nameof(renderer));

        public override int Count => Presets.Count;

        public override IRenderPreset this[int index] => Presets[index];

        internal override IReadOnlyDictionary<string, string> Recipe => new Dictionary<string, string>(base.Recipe)
        {
            ["renderer"] = Renderer.GetType().Name,
        };

        internal override (IReadOnlyList<ImageF> Images, IReadOnlyList<ImageF>? Hdr, DepthMap Depth) Render(
            CtVolume volume, CameraView view, IReadOnlyList<int> looks, bool hdr, IProgress<double>? progress,
            CancellationToken cancellationToken)
        {
            if (hdr) throw new InvalidOperationException("These looks' renderer gives no HDR radiance.");
            var r = Renderer.Render(volume, view, [.. looks.Select(i => Presets[i])], progress, cancellationToken);
            return (r.Images, null, r.Depth);
        }
    }

    private sealed class CinematicLooks : Bound<CinematicPreset>
    {
        private readonly CinematicRenderer _renderer;

        public CinematicLooks(CinematicRenderer renderer, IReadOnlyList<CinematicPreset> presets)
            : base(renderer, presets) => _renderer = renderer;

        internal override bool HasHdr => true;

        // The settings a user changes come first: a refusal names the first argument that differs.
        internal override IReadOnlyDictionary<string, string> Recipe => new Dictionary<string, string>
        {
            ["looks"] = LookNames,
            ["spp"] = _renderer.Settings.SamplesPerPixel.ToString(CultureInfo.InvariantCulture),
            ["depth-threshold"] = _renderer.Settings.DepthThreshold.ToString("R", CultureInfo.InvariantCulture),
            ["denoise"] = _renderer.Settings.Denoiser is null ? "off" : "on",
            ["renderer"] = System.Text.Json.JsonSerializer.Serialize(_renderer.Settings, RecipeJson.Options),
        };

        internal override IReadOnlyDictionary<string, string> Meta => new Dictionary<string, string>
        {
            ["spp"] = _renderer.Settings.SamplesPerPixel.ToString(CultureInfo.InvariantCulture),
            ["depth_threshold"] = _renderer.Settings.DepthThreshold.ToString(CultureInfo.InvariantCulture),
            ["denoised"] = _renderer.Settings.Denoiser is null ? "false" : "true",
        };

        internal override (IReadOnlyList<ImageF> Images, IReadOnlyList<ImageF>? Hdr, DepthMap Depth) Render(
            CtVolume volume, CameraView view, IReadOnlyList<int> looks, bool hdr, IProgress<double>? progress,
            CancellationToken cancellationToken)
        {
            var r = _renderer.RenderDetailed(volume, view, [.. looks.Select(i => Presets[i])], progress,
                cancellationToken);
            return (r.Images, hdr ? r.Hdr : null, r.Depth);
        }
    }
}
