namespace EndoDepth.Crf.Training;

/// <summary>Progress of training, reported after every step.</summary>
/// <param name="Epoch">Current epoch (0-based).</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Loss">Mean NLL per superpixel so far in this epoch.</param>
/// <param name="LearningRate">This epoch's learning rate.</param>
/// <param name="EpochCompleted">True on the report that ends an epoch (after its checkpoint).</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, double LearningRate,
    bool EpochCompleted);

/// <summary>The outcome of a training run.</summary>
/// <param name="EpochLosses">Mean NLL per superpixel of every epoch (including epochs restored from a
/// checkpoint).</param>
/// <param name="ResumedFromEpoch">The number of epochs restored from a checkpoint (0 for a fresh run).</param>
public sealed record TrainingResult(IReadOnlyList<double> EpochLosses, int ResumedFromEpoch);
