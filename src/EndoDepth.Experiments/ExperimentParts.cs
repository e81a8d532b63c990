using EndoDepth.Abstractions;
using EndoDepth.Crf;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Volumes;

namespace EndoDepth.Experiments;

/// <summary>Trains, fine-tunes and loads a depth estimator on dataset folders (the paper's §2.4 procedure).</summary>
public interface IEstimatorTrainer
{
    /// <summary>Human-readable description (goes into the report).</summary>
    string Description { get; }

    /// <summary>
    /// The row name of the models it trains in the result tables (the paper's "CNN-CRF"); fine-tuned models get
    /// "-FT" appended.
    /// </summary>
    string MethodName { get; }

    /// <summary>Trains from scratch on the train split of <paramref name="dataRoot"/>; writes the model to <paramref name="modelPath"/>.</summary>
    /// <returns>Mean training loss per epoch.</returns>
    IReadOnlyList<double> Train(string dataRoot, string modelPath, int epochs, int seed, IProgress<double>? progress, CancellationToken cancellationToken);

    /// <summary>Fine-tunes <paramref name="baseModelPath"/> (convolutional layers frozen) on <paramref name="dataRoot"/>.</summary>
    /// <returns>Mean training loss per epoch.</returns>
    IReadOnlyList<double> FineTune(string baseModelPath, string dataRoot, string modelPath, int epochs, int seed, IProgress<double>? progress, CancellationToken cancellationToken);

    /// <summary>Loads a model written by <see cref="Train"/> or <see cref="FineTune"/>.</summary>
    IDepthEstimator Load(string modelPath);

    /// <summary>
    /// The CNN-CRF settings whose superpixels and dense fill the oracle row (the superpixel ceiling) uses, or null when
    /// the estimator has no superpixels (the runner then uses the CNN-CRF settings of the scale).
    /// </summary>
    CrfModelSettings? OracleSettings { get; }
}

/// <summary>
/// The implementations an experiment runs, behind EndoDepth's interfaces: the phantom (its surface for the synthetic
/// forward model and its CT volume for cinematic rendering, sharing one world frame), a camera-path sampler, the
/// forward model (<see cref="IForwardModel{TScene}"/>) bound to the surfaces it images, the volume renderer
/// (<see cref="IVolumeRenderer{TPreset}"/>) bound to its four presets and to other presets, and the estimator trainer.
/// </summary>
/// <param name="Description">What these are (goes into the report).</param>
/// <param name="Surfaces">The phantom surface of a seed and the synthetic endoscope that images it.</param>
/// <param name="Volume">The phantom CT volume of a seed (same world frame as its surface).</param>
/// <param name="Views">Camera views along a phantom's centerline: (seed, count, camera, view seed) → views.</param>
/// <param name="Presets">The four rendering presets used for fine-tuning, with the cinematic renderer.</param>
/// <param name="OtherPresets">Presets unlike the four (domain randomisation) with the same renderer: (count, seed) →
/// presets.</param>
/// <param name="Trainer">The estimator trainer.</param>
public sealed record ExperimentParts(
    string Description,
    SurfaceImaging Surfaces,
    Func<int, CtVolume> Volume,
    Func<int, int, CameraModel, int, IReadOnlyList<CameraView>> Views,
    VolumeLooks Presets,
    Func<int, int, VolumeLooks> OtherPresets,
    IEstimatorTrainer Trainer);
