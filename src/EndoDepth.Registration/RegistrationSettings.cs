using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Registration;

/// <summary>
/// Settings of the 2D–3D registration of optical frames to a CT (<see cref="FrameRegistration"/>). The paper gives no
/// values (it names the one-plus-one optimiser only); these defaults are ours, chosen on the phantom end-to-end trials
/// (docs/registration.md).
/// </summary>
public sealed record RegistrationSettings
{
    /// <summary>The similarity measure. Default <see cref="SimilarityMetric.Ncc"/>.</summary>
    public SimilarityMetric Metric { get; init; } = SimilarityMetric.Ncc;

    /// <summary>Width (px) of the finest pyramid level; its height follows the camera's aspect. Default 64.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Pyramid levels, coarse → fine, each half the next one's size.
    /// Default 3 (16, 32, then 64 px).</summary>
    public int Levels { get; init; } = 3;

    /// <summary>Translation mutation at σ = 1 (mm per axis). Default 2 mm.</summary>
    public double TranslationStepMm { get; init; } = 2.0;

    /// <summary>Rotation mutation at σ = 1 (degrees per axis of the rotation vector). Default 2°.</summary>
    public double RotationStepDegrees { get; init; } = 2.0;

    /// <summary>
    /// The (1+1)-ES of each level: its σ start and floor are those of the finest level (a coarser level starts at
    /// 2ˡ times the start and stops at 2ˡ times the floor, l levels from the finest); its budget is per level;
    /// its seed keys the mutations (per frame and level). Default: at the finest level σ from 0.5 down to 0.02
    /// (1 mm and 1° steps down to 0.04 mm and 0.04° at the default step units), 300 evaluations per level.
    /// </summary>
    public EvolutionSettings Evolution { get; init; } = new(InitialStep: 0.5, MinStep: 0.02, MaxEvaluations: 300);

    /// <summary>
    /// The Levenberg–Marquardt refinement on the NCC residual that follows each level's ES (NCC only;
    /// <see cref="RefinementSettings.MaxIterations"/> 0 turns it off). Default: up to 12 iterations, h = 0.25 mm /
    /// 0.25°.
    /// </summary>
    public RefinementSettings Refinement { get; init; } = new();

    /// <summary>Least fraction of the camera's field of view that must show the iso-surface for a pose to be scored
    /// (fewer valid pixels score −∞). Default 0.25.</summary>
    public double MinValidFraction { get; init; } = 0.25;

    /// <summary>Least similarity at the end for a frame to count as converged; null means, for the metric of the last
    /// stage, 0.5 for NCC, 0.1 nats for mutual information and 0.25 for the correlation ratio
    /// (η² ≥ NCC²).</summary>
    public double? MinSimilarity { get; init; }

    /// <summary>Accumulated opacity that terminates a virtual ray (paper: 0.5).</summary>
    public float DepthThreshold { get; init; } = 0.5f;

    /// <summary>
    /// Depth march step of the virtual endoscope, in voxels. Default 0.25: finer than the renderer's 0.5, because the
    /// marched depth is piecewise in the pose at the scale of the step and the optimiser stalls on those kinks
    /// (docs/registration.md).
    /// </summary>
    public float DepthStepVoxels { get; init; } = 0.25f;

    /// <summary>
    /// Depth march step (voxels) of the depth a registered frame is given (and the trials score). Default 1/16: the
    /// marched depth converges at first order in the step (on the phantom CT, 0.5 voxel is 0.7–1.1 % deeper than the
    /// converged depth, 0.25 voxel 0.3–0.4 %, 1/8 voxel 0.06–0.08 %), so the ground truth is marched finer than the
    /// optimiser's views (docs/registration.md).
    /// </summary>
    public float OutputDepthStepVoxels { get; init; } = 0.0625f;

    /// <summary>
    /// The camera response applied to the virtual shading before it is compared with the optical grey levels. Default:
    /// <see cref="ToneMapping"/>'s defaults, an endoscope-like auto-exposure, filmic curve and display gamma 2.2.
    /// </summary>
    public ToneMapping Tone { get; init; } = new();

    /// <summary>The grey scale on which frame and virtual view are compared. Default
    /// <see cref="ShadingComparison.DisplayGrey"/>.</summary>
    public ShadingComparison Comparison { get; init; } = ShadingComparison.DisplayGrey;

    /// <summary>
    /// The power γ of <see cref="ShadingComparison.LinearPower"/>, in (0, 1]. Default 0.05: nearly the logarithm
    /// (x^γ ≈ 1 + γ·ln x), under which NCC ignores not only the exposure gain but also a power-law
    /// difference between the frame's and the virtual shading's fall-off,
    /// (g·L^p)^γ ≈ 1 + γ·ln g + p·γ·ln L (docs/registration.md).
    /// </summary>
    public double ComparisonExponent { get; init; } = 0.05;

    /// <summary>For <see cref="ShadingComparison.LinearPower"/>: radiance below this fraction of the image's mean
    /// (over the compared pixels) is raised to it before the power, so that the darkest pixels (grazing light,
    /// silhouettes, the far lumen's Monte Carlo noise) do not dominate the near-logarithm. Default 0.1.</summary>
    public double ShadingFloor { get; init; } = 0.1;

    /// <summary>
    /// A last stage after the pyramid, at a finer width and on another grey scale; null turns it off. Default
    /// <see cref="FinalStageSettings"/>'s defaults: the full 128-px frame compared as log-like linear radiance
    /// (<see cref="ShadingComparison.LinearPower"/>), from the pyramid's pose.
    /// </summary>
    public FinalStageSettings? FinalStage { get; init; } = new();

    /// <summary>
    /// An initial pose whose camera centre lies above this HU is inside tissue. Default −500 HU, the middle of the
    /// reference opacity ramp (σt rises from 0 at −600 HU to full at −400 HU).
    /// </summary>
    public float InsideTissueHu { get; init; } = -500f;

    /// <summary>The tip's lights of the virtual endoscope; <see cref="LightRig.Default"/> when null.</summary>
    public LightRig? Lights { get; init; }

    /// <summary>The similarity a frame must reach to count as converged.</summary>
    public double ConvergedSimilarity => MinSimilarity ?? (FinalStage?.Metric ?? Metric) switch
    {
        SimilarityMetric.Ncc => 0.5,
        SimilarityMetric.CorrelationRatio => 0.25,
        _ => 0.1,
    };

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Metric)) throw new ArgumentException($"Unknown metric {Metric}.");
        if (Levels is < 1 or > 6) throw new ArgumentException($"Levels must be in 1..6, got {Levels}.");
        if (Width < 4 << (Levels - 1) || Width > 4096)
            throw new ArgumentException(
                $"Width must be in {4 << (Levels - 1)}..4096 for {Levels} levels, got {Width}.");
        if (!(TranslationStepMm > 0) || !double.IsFinite(TranslationStepMm))
            throw new ArgumentException($"TranslationStepMm must be positive, got {TranslationStepMm}.");
        if (!(RotationStepDegrees > 0) || !double.IsFinite(RotationStepDegrees))
            throw new ArgumentException($"RotationStepDegrees must be positive, got {RotationStepDegrees}.");
        ArgumentNullException.ThrowIfNull(Evolution);
        Evolution.Validate();
        ArgumentNullException.ThrowIfNull(Refinement);
        Refinement.Validate();
        if (!(MinValidFraction > 0 && MinValidFraction <= 1))
            throw new ArgumentException($"MinValidFraction must be in (0, 1], got {MinValidFraction}.");
        if (MinSimilarity is { } m && !double.IsFinite(m))
            throw new ArgumentException($"MinSimilarity must be finite, got {m}.");
        if (!(DepthThreshold > 0 && DepthThreshold < 1))
            throw new ArgumentException($"DepthThreshold must be in (0, 1), got {DepthThreshold}.");
        if (!(OutputDepthStepVoxels > 0 && OutputDepthStepVoxels <= 2))
            throw new ArgumentException($"OutputDepthStepVoxels must be in (0, 2], got {OutputDepthStepVoxels}.");
        if (!(DepthStepVoxels > 0 && DepthStepVoxels <= 2))
            throw new ArgumentException($"DepthStepVoxels must be in (0, 2], got {DepthStepVoxels}.");
        ArgumentNullException.ThrowIfNull(Tone);
        FinalStage?.Validate();
        if (!Enum.IsDefined(Comparison)) throw new ArgumentException($"Unknown comparison {Comparison}.");
        if (!(ComparisonExponent > 0 && ComparisonExponent <= 1))
            throw new ArgumentException($"ComparisonExponent must be in (0, 1], got {ComparisonExponent}.");
        if (!(ShadingFloor >= 0 && ShadingFloor < 1))
            throw new ArgumentException($"ShadingFloor must be in [0, 1), got {ShadingFloor}.");
        if (!float.IsFinite(InsideTissueHu)) throw new ArgumentException("InsideTissueHu must be finite.");
    }
}
