namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Settings of the <see cref="CinematicRenderer"/>. The depth threshold 0.5 is the paper's; the other defaults are
/// ours (the paper quotes 5–30 s per image, not its sample counts).
/// </summary>
/// <param name="SamplesPerPixel">Paths per pixel. Default 64.</param>
/// <param name="MaxBounces">Most scattering events per path. Default 5.</param>
/// <param name="RouletteStart">Events before Russian roulette starts. Default 2.</param>
/// <param name="Seed">Random seed; the same seed gives the same bytes. Default 0.</param>
/// <param name="DepthThreshold">Accumulated opacity that terminates a primary ray for depth (paper: 0.5).</param>
/// <param name="DepthStepVoxels">Depth march step, in units of the smallest voxel spacing. Default 0.5 (the crossing is
/// interpolated inside the step).</param>
/// <param name="SamplesPerLaunch">Paths per pixel per kernel launch (progress and cancellation granularity). Default
/// 4.</param>
/// <param name="MacroCellSize">Macro-cell side (voxels) of the majorant grid. Default 1 (tight majorants near the wall,
/// where rays graze it; empty space is skipped by distance, see <see cref="EmptySpace"/>).</param>
/// <param name="IndirectClamp">Firefly clamp: the most one light sample after the first event may add, per unit of the
/// rig's total intensity per mm² (0.0005 ≈ the direct radiance of a wall 20 mm from the tip). 0 turns it off
/// (unbiased).</param>
/// <param name="ToneMapping">HDR → display mapping. Default: auto-exposure, filmic curve, gamma 2.2.</param>
/// <param name="FilterIndirectTexture">Ray-cone texture filtering (ours): events whose path footprint is wider than the
/// texture's largest feature use the texture's average instead of evaluating the pattern
/// (<see cref="PathParams.TextureFootprintMm"/>).
/// Default true; false evaluates the pattern at every event.</param>
public sealed record CinematicSettings(
    int SamplesPerPixel = 64,
    int MaxBounces = 5,
    int RouletteStart = 2,
    int Seed = 0,
    float DepthThreshold = 0.5f,
    float DepthStepVoxels = 0.5f,
    int SamplesPerLaunch = 4,
    int MacroCellSize = 1,
    float IndirectClamp = 0.0005f,
    ToneMapping? ToneMapping = null,
    bool FilterIndirectTexture = true)
{
    /// <summary>
    /// Paths per pixel of the default render with the denoiser (<c>endodepth render</c> without <c>--spp</c>): 32
    /// paths plus the denoiser meet the error of 64 raw paths (relative MSE, PSNR, SSIM, SSIM on the tissue, against
    /// converged references at 128² and 256²) in about half their time; docs/cinematic.md has the measurements.
    /// </summary>
    public const int DenoisedSamplesPerPixel = 32;

    /// <summary>The tone mapping in use.</summary>
    public ToneMapping Tone => ToneMapping ?? new ToneMapping();

    /// <summary>
    /// The denoiser applied to each look's HDR estimate before tone mapping (guided by the depth pass's features;
    /// the depth map is never filtered), or null for the raw Monte Carlo estimate (references). Default null.
    /// </summary>
    public Denoising.DenoiserSettings? Denoiser { get; init; }

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (SamplesPerPixel < 1)
            throw new ArgumentException($"Samples per pixel must be ≥ 1, got {SamplesPerPixel}.");
        if (MaxBounces < 1) throw new ArgumentException($"Max bounces must be ≥ 1, got {MaxBounces}.");
        if (RouletteStart < 1) throw new ArgumentException($"Roulette start must be ≥ 1, got {RouletteStart}.");
        if (!(DepthThreshold > 0f && DepthThreshold < 1f))
            throw new ArgumentException($"Depth threshold must be in (0, 1), got {DepthThreshold}.");
        if (!(DepthStepVoxels > 0f && DepthStepVoxels <= 2f))
            throw new ArgumentException($"Depth step must be in (0, 2] voxels, got {DepthStepVoxels}.");
        if (SamplesPerLaunch < 1)
            throw new ArgumentException($"Samples per launch must be ≥ 1, got {SamplesPerLaunch}.");
        if (!(IndirectClamp >= 0f)) throw new ArgumentException($"Indirect clamp must be ≥ 0, got {IndirectClamp}.");
        if (MacroCellSize is < 1 or > 64)
            throw new ArgumentException($"Macro-cell size must be in 1..64, got {MacroCellSize}.");
        Denoiser?.Validate();
    }
}
