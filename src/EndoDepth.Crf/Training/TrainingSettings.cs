namespace EndoDepth.Crf.Training;

/// <summary>
/// Optimisation settings. Defaults are the paper's (§2.4): SGD with momentum 0.8, weight decay 0.0005, 200 epochs,
/// learning rate 0.0002 decreasing linearly after the first 20 epochs.
/// </summary>
/// <param name="Epochs">Epochs (paper: 200).</param>
/// <param name="LearningRate">Initial learning rate (paper: 0.0002).</param>
/// <param name="ConstantEpochs">Epochs at the initial rate before the linear decrease (paper: 20).</param>
/// <param name="Momentum">SGD momentum (paper: 0.8).</param>
/// <param name="WeightDecay">λθ of eq. (6) on the unary network's weights (paper: 0.0005).</param>
/// <param name="BetaWeightDecay">λβ of eq. (6) on the pairwise weights β (paper: 0.0005, the same weight decay).</param>
/// <param name="Seed">Seed of the weight initialisation and of the per-epoch shuffle.</param>
/// <param name="ImagesPerStep">Images whose NLL is summed per SGD step (DCNF: one image, i.e. all its superpixels).</param>
/// <param name="FreezeConvolutions">Fine-tuning: the convolutional layers keep their weights; only the fully connected
/// layers (unary) and β (pairwise) are trained (paper).</param>
/// <param name="InitialiseOutputBias">When training from scratch, set the unary network's last bias to the mean training
/// target so optimisation starts at the data's scale (the paper is silent; on by default).</param>
/// <param name="PatchChunk">Patches per CNN pass in a training step (memory bound; 0 = all of an image's patches in one
/// pass). The gradient is the same either way.</param>
public sealed record TrainingSettings(
    int Epochs = 200,
    double LearningRate = 2e-4,
    int ConstantEpochs = 20,
    double Momentum = 0.8,
    double WeightDecay = 5e-4,
    double BetaWeightDecay = 5e-4,
    int Seed = 0,
    int ImagesPerStep = 1,
    bool FreezeConvolutions = false,
    bool InitialiseOutputBias = true,
    int PatchChunk = 32)
{
    /// <summary>
    /// The learning rate of epoch <paramref name="epoch"/> (0-based): constant for the first <see cref="ConstantEpochs"/>,
    /// then decreasing linearly, reaching LearningRate / (Epochs − ConstantEpochs) in the last epoch.
    /// </summary>
    public double LearningRateAt(int epoch)
    {
        if (epoch < ConstantEpochs || Epochs <= ConstantEpochs) return LearningRate;
        return LearningRate * (1.0 - (double)(epoch - ConstantEpochs) / (Epochs - ConstantEpochs));
    }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "At least one epoch.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be positive.");
        if (ConstantEpochs < 0) throw new ArgumentOutOfRangeException(nameof(ConstantEpochs), ConstantEpochs, "Must be non-negative.");
        if (Momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be in [0, 1).");
        if (WeightDecay < 0 || BetaWeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), "Weight decay must be non-negative.");
        if (PatchChunk < 0) throw new ArgumentOutOfRangeException(nameof(PatchChunk), PatchChunk, "Must be non-negative.");
        if (ImagesPerStep < 1) throw new ArgumentOutOfRangeException(nameof(ImagesPerStep), ImagesPerStep, "At least one image per step.");
    }
}
