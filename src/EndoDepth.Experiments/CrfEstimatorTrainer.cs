using System.Globalization;
using EndoDepth.Abstractions;
using EndoDepth.Crf;
using EndoDepth.Crf.Runtime;
using EndoDepth.Crf.Training;
using EndoDepth.Datasets;

namespace EndoDepth.Experiments;

/// <summary>
/// The CNN-CRF behind the experiment runner's <see cref="IEstimatorTrainer"/> (paper defaults except the epochs; the
/// unary network and superpixels are chosen at construction).
/// </summary>
/// <param name="settings">Model settings for training from scratch.</param>
/// <param name="learningRate">Initial learning rate (paper: 0.0002).</param>
public sealed class CrfEstimatorTrainer(CrfModelSettings settings, double learningRate = 2e-4) : IEstimatorTrainer
{
    /// <inheritdoc />
    public string Description =>
        $"CNN-CRF (TorchSharp): {settings.Architecture}, {settings.Slic.Count} superpixels, " +
        $"lr {learningRate.ToString("G3", CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public string MethodName => "CNN-CRF";

    /// <inheritdoc />
    public IReadOnlyList<double> Train(string dataRoot, string modelPath, int epochs, int seed,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        using var model = CrfModel.Create(settings, seed, TorchRuntime.SelectDevice());
        return Run(model, new TrainingSettings(epochs, learningRate, Math.Min(20, epochs / 10), Seed: seed), dataRoot,
            modelPath, progress, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<double> FineTune(string baseModelPath, string dataRoot, string modelPath, int epochs, int seed,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        using var model = CrfModel.Load(baseModelPath, TorchRuntime.SelectDevice());
        return Run(model, new TrainingSettings(epochs, learningRate, Math.Min(20, epochs / 10), Seed: seed,
            FreezeConvolutions: true, InitialiseOutputBias: false),
            dataRoot, modelPath, progress, cancellationToken);
    }

    /// <inheritdoc />
    public IDepthEstimator Load(string modelPath) => DepthEstimator.Load(modelPath);

    /// <inheritdoc />
    public CrfModelSettings? OracleSettings => settings;

    private static List<double> Run(CrfModel model, TrainingSettings training, string dataRoot, string modelPath,
        IProgress<double>? progress, CancellationToken ct)
    {
        var p = progress is null
            ? null
            : new Progress(t => progress.Report((t.Epoch + (double)t.Step / t.Steps) / t.Epochs));
        return [.. CrfTrainingRun.Run(model, training, new DatasetFolder(dataRoot), modelPath, null, null, p, null,
            ct).EpochLosses];
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
