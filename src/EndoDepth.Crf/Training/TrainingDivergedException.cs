namespace EndoDepth.Crf.Training;

/// <summary>Training stopped because the loss stopped being finite (the last checkpoint stays valid).</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>The epoch (1-based) in which the loss diverged.</summary>
    public int Epoch { get; }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(int epoch, double learningRate)
        : base($"Training diverged in epoch {epoch} (the NLL is not finite at learning rate {learningRate:G3}); " +
            $"lower --lr or set gradient clipping.") => Epoch = epoch;

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException() { }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message, Exception inner) : base(message, inner) { }
}
