namespace EndoDepth.Cli.Tests.Estimator;

/// <summary>
/// A tiny synthetic dataset (`endodepth synth`, 6 items of 32×32, all in the train split) and one model trained on it
/// with <see cref="TrainArgs"/>, shared by the estimator command tests.
/// </summary>
public sealed class TinyEstimatorFixture : IDisposable
{
    /// <summary>Epochs of the shared training run.</summary>
    public const int Epochs = 2;

    /// <summary>Seed of the shared training run.</summary>
    public const int Seed = 1;

    /// <summary>Superpixels per image.</summary>
    public const int Superpixels = 12;

    /// <summary>Patch side.</summary>
    public const int Patch = 8;

    /// <summary>Side the fully convolutional trunk sees the image at.</summary>
    public const int InputSize = 32;

    /// <summary>Learning rate.</summary>
    public const double LearningRate = 1e-3;

    /// <summary>The temporary root.</summary>
    public TempFolder Temp { get; } = new();

    /// <summary>The dataset folder.</summary>
    public string Data => Temp["ds"];

    /// <summary>The model trained from scratch.</summary>
    public string Model => Temp["tiny.crf"];

    /// <summary>Standard output of the training run.</summary>
    public string TrainOutput { get; }

    /// <summary>Writes the dataset and trains the model.</summary>
    public TinyEstimatorFixture()
    {
        var (code, _, err) = Endodepth.Run("synth", "--count", "6", "--size", "32x32", "--seed", "2",
            "--views-per-phantom", "6", "--out", Data);
        Assert.True(code == 0, err);
        (code, TrainOutput, err) = Endodepth.Run(TrainArgs(Data, Model));
        Assert.True(code == 0, err);
    }

    /// <summary>
    /// The tiny `train` command line (tiny net, 8 px patches, 12 superpixels, one thread for reproducibility).
    /// </summary>
    public static string[] TrainArgs(string data, string model, params string[] extra) =>
    [
        "train", "--data", data, "--out", model, "--epochs", $"{Epochs}", "--constant-epochs", "0", "--lr", "0.001",
        "--net", "tiny", "--patch", $"{Patch}", "--input-size", $"{InputSize}", "--superpixels", $"{Superpixels}",
        "--seed", $"{Seed}", "--threads", "1", .. extra,
    ];

    /// <inheritdoc />
    public void Dispose() => Temp.Dispose();
}
