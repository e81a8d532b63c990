namespace EndoDepth.Crf.Training;

/// <summary>How the per-image NLL enters a step's loss.</summary>
public enum LossNormalisation
{
    /// <summary>
    /// Each image's −log Pr(y|x) is divided by its number of superpixels and multiplied by the reference count
    /// (<see cref="TrainingSettings.ReferenceSuperpixels"/>, the paper's ~300), so the step does not grow with the
    /// number of superpixels while the paper's learning rate keeps its meaning at the paper's count. The default.
    /// </summary>
    PerSuperpixel = 0,
    /// <summary>The paper's eq. (6) as written: −log Pr(y|x) summed over the superpixels.</summary>
    Sum = 1,
}

/// <summary>The optimiser.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (the paper; TorchSharp's <c>optim.SGD</c>).</summary>
    Sgd = 0,
    /// <summary>AdamW (TorchSharp's <c>optim.AdamW</c>): beyond the paper, for short CPU training budgets.</summary>
    AdamW = 1,
}

/// <summary>
/// Optimisation settings. Defaults are the paper's (§2.4) where it states them: SGD with momentum 0.8, weight decay
/// 0.0005, 200 epochs, learning rate 0.0002 decreasing linearly after the first 20 epochs. Where it is silent the
/// defaults are what measurably trains (see docs/crf.md): 8 images per step, the NLL normalised per superpixel,
/// gradients clipped to norm 10, a 100-step linear warm-up, flips and gain/gamma augmentation.
/// </summary>
/// <param name="Epochs">Epochs (paper: 200).</param>
/// <param name="LearningRate">Initial learning rate (paper: 0.0002).</param>
/// <param name="ConstantEpochs">Epochs at the initial rate before the linear decrease (paper: 20).</param>
/// <param name="Momentum">SGD momentum (paper: 0.8); AdamW's β₁.</param>
/// <param name="WeightDecay">λθ of eq. (6) on the unary network's weights (paper: 0.0005).</param>
/// <param name="BetaWeightDecay">λβ of eq. (6) on the pairwise weights β (paper: 0.0005, the same weight
/// decay).</param>
/// <param name="Seed">Seed of the weight initialisation, the per-epoch shuffle and the augmentation.</param>
/// <param name="ImagesPerStep">Images per SGD step (a mini-batch; the loss is their mean).</param>
/// <param name="FreezeConvolutions">Fine-tuning: the convolutional layers keep their weights; only the fully connected
/// layers (unary) and β (pairwise) are trained (paper).</param>
/// <param name="InitialiseOutputBias">When training from scratch, set the unary network's last bias to the mean
/// training target so optimisation starts at the data's scale (the paper is silent; on by default).</param>
/// <param name="PatchChunk">Per-patch unary only: patches per CNN pass in a training step (memory bound; 0 = all of an
/// image's patches in one pass). The gradient is the same either way.</param>
/// <param name="Normalisation">How an image's NLL enters the loss (default: per superpixel).</param>
/// <param name="ReferenceSuperpixels">The superpixel count at which <see cref="LossNormalisation.PerSuperpixel"/>
/// equals the paper's sum (default 300).</param>
/// <param name="GradientClipNorm">Largest gradient norm of a step; 0 = no clipping.</param>
/// <param name="WarmupSteps">Steps over which the learning rate rises linearly to its value; 0 = none.</param>
/// <param name="Optimizer">SGD (the paper) or AdamW.</param>
public sealed record TrainingSettings(
    int Epochs = 200,
    double LearningRate = 2e-4,
    int ConstantEpochs = 20,
    double Momentum = 0.8,
    double WeightDecay = 5e-4,
    double BetaWeightDecay = 5e-4,
    int Seed = 0,
    int ImagesPerStep = 8,
    bool FreezeConvolutions = false,
    bool InitialiseOutputBias = true,
    int PatchChunk = 32,
    LossNormalisation Normalisation = LossNormalisation.PerSuperpixel,
    int ReferenceSuperpixels = 300,
    double GradientClipNorm = 10,
    int WarmupSteps = 100,
    OptimizerKind Optimizer = OptimizerKind.Sgd)
{
    /// <summary>
    /// Training-time augmentation (default: <see cref="AugmentationSettings.Endoscopy"/>; null = none).
    /// </summary>
    public AugmentationSettings? Augmentation { get; init; } = AugmentationSettings.Endoscopy;

    /// <summary>
    /// The learning rate of epoch <paramref name="epoch"/> (0-based): constant for the first
    /// <see cref="ConstantEpochs"/>,
    /// then decreasing linearly, reaching LearningRate / (Epochs − ConstantEpochs) in the last epoch.
    /// </summary>
    public double LearningRateAt(int epoch)
    {
        if (epoch < ConstantEpochs || Epochs <= ConstantEpochs) return LearningRate;
        return LearningRate * (1.0 - (double)(epoch - ConstantEpochs) / (Epochs - ConstantEpochs));
    }

    /// <summary>
    /// The learning rate of a step: <see cref="LearningRateAt(int)"/> of its epoch times the warm-up ramp.
    /// </summary>
    public double LearningRateAt(int epoch, long step) =>
        LearningRateAt(epoch) * (WarmupSteps > 0 && step < WarmupSteps ? (step + 1.0) / WarmupSteps : 1.0);

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "At least one epoch.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be positive.");
        if (ConstantEpochs < 0) throw new ArgumentOutOfRangeException(nameof(ConstantEpochs), ConstantEpochs,
            "Must be non-negative.");
        if (Momentum is < 0 or >= 1 || double.IsNaN(Momentum))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be in [0, 1).");
        if (!(WeightDecay >= 0) || !(BetaWeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay),
            "Weight decay must be non-negative.");
        if (PatchChunk < 0) throw new ArgumentOutOfRangeException(nameof(PatchChunk), PatchChunk,
            "Must be non-negative.");
        if (ImagesPerStep < 1) throw new ArgumentOutOfRangeException(nameof(ImagesPerStep), ImagesPerStep,
            "At least one image per step.");
        if (ReferenceSuperpixels < 1) throw new ArgumentOutOfRangeException(nameof(ReferenceSuperpixels),
            ReferenceSuperpixels, "At least one.");
        if (!(GradientClipNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), GradientClipNorm,
            "Must be non-negative (0 = off).");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps,
            "Must be non-negative.");
        if (!Enum.IsDefined(Normalisation)) throw new ArgumentOutOfRangeException(nameof(Normalisation), Normalisation,
            "Unknown normalisation.");
        if (!Enum.IsDefined(Optimizer)) throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer,
            "Unknown optimiser.");
        Augmentation?.Validate();
    }
}
