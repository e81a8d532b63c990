using EndoDepth.Crf.Inference;
using EndoDepth.Crf.Networks;
using EndoDepth.Randomness;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Training;

/// <summary>
/// Trains a <see cref="CrfModel"/> by minimising eq. (6): −log Pr(y|x) over the images (the exact Gaussian NLL,
/// back-propagated through both potentials) plus λθ‖θ‖²/2 and λβ‖β‖²/2 — TorchSharp's SGD with one
/// parameter group per weight decay, a per-step learning-rate schedule (warm-up, then the paper's constant-then-linear
/// decay), gradient clipping, β ≥ 0 kept by projection. With <see cref="TrainingSettings.FreezeConvolutions"/> it
/// fine-tunes: only the fully connected layers and β move. Each epoch ends with an atomic checkpoint (weights,
/// optimiser state, losses); a run started again with the same checkpoint path resumes after the last completed epoch
/// and ends with the same weights as an uninterrupted run.
/// </summary>
public sealed partial class CrfTrainer
{
    private const long ShuffleStream = 0x5F1E, AugmentationStream = 0xA06;
    private readonly CrfModel model;
    private readonly TrainingSettings settings;
    private readonly ILogger logger;

    /// <summary>Creates a trainer for a model.</summary>
    public CrfTrainer(CrfModel model, TrainingSettings settings, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.model = model; this.settings = settings;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Trains on the examples (shuffled per epoch with the seed; read by index, so a streamed list works).
    /// </summary>
    /// <param name="examples">Training images.</param>
    /// <param name="checkpointPath">Checkpoint file written after every epoch and resumed from if present; null for
    /// none.</param>
    /// <param name="progress">Receives progress after every step and at the end of every epoch.</param>
    /// <param name="cancellationToken">Cancels between steps (the last checkpoint stays valid).</param>
    /// <exception cref="ModelFileException">The checkpoint is damaged, from another architecture, other model or
    /// training settings (superpixels included), other training examples, or (fine-tuning) another base model; the
    /// message names the first difference.</exception>
    /// <exception cref="TrainingDivergedException">The loss stopped being finite.</exception>
    public TrainingResult Train(IReadOnlyList<TrainingExample> examples, string? checkpointPath = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("No training examples.", nameof(examples));
        using var optimizer = CreateOptimizer();
        var checkpoint = new TrainingCheckpoint(model, settings, examples);
        var losses = new List<double>();
        var start = 0;
        if (checkpointPath is not null && File.Exists(checkpointPath))
        {
            start = checkpoint.Load(checkpointPath, optimizer, losses);
            LogResumed(logger, checkpointPath, start);
        }
        else if (settings.InitialiseOutputBias && !settings.FreezeConvolutions)
        {
            model.Network.SetOutputBias(MeanTarget(examples));
        }
        var steps = (examples.Count + settings.ImagesPerStep - 1) / settings.ImagesPerStep;
        long firstStep = (long)start * steps;
        // The schedule multiplies the base rate: a restored optimiser holds the last step's rate, so reset it first.
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = settings.LearningRate;
            group.InitialLearningRate = settings.LearningRate;
        }
        var scheduler = optim.lr_scheduler.LambdaLR(optimizer,
            k => settings.LearningRateAt((int)((firstStep + k) / steps), firstStep + k) / settings.LearningRate);
        model.Network.train();
        for (var epoch = start; epoch < settings.Epochs; epoch++)
        {
            var order = Shuffle(examples.Count, settings.Seed, epoch);
            double sum = 0; long nodes = 0;
            var next = Task.Run(() => Batch(examples, order, epoch, 0), CancellationToken.None);
            for (var step = 0; step < steps; step++)
            {
                var batch = next.GetAwaiter().GetResult();
                if (step + 1 < steps) { var s = step + 1; next = Task.Run(() => Batch(examples, order, epoch, s),
                    CancellationToken.None); }
                cancellationToken.ThrowIfCancellationRequested();
                var lr = settings.LearningRateAt(epoch, (long)epoch * steps + step);
                var (loss, n) = AccumulateGradients(batch);
                if (!double.IsFinite(loss)) throw new TrainingDivergedException(epoch + 1, lr);
                if (settings.GradientClipNorm > 0) nn.utils.clip_grad_norm_(Trainable(), settings.GradientClipNorm);
                optimizer.step();
                scheduler.step();
                model.Pairwise.ProjectNonNegative(); // β ≥ 0 (eq. 6)
                optimizer.zero_grad();
                sum += loss; nodes += n;
                progress?.Report(new TrainingProgress(epoch, settings.Epochs, step + 1, steps, sum / nodes, lr, false));
            }
            losses.Add(sum / nodes);
            if (checkpointPath is not null) checkpoint.Save(checkpointPath, optimizer, losses);
            LogEpoch(logger, epoch + 1, settings.Epochs, sum / nodes, settings.LearningRateAt(epoch));
            progress?.Report(new TrainingProgress(epoch, settings.Epochs, steps, steps, sum / nodes,
                settings.LearningRateAt(epoch), true));
        }
        model.Network.eval();
        return new TrainingResult(losses, start);
    }

    /// <summary>
    /// SGD (or AdamW) over two parameter groups: the unary network's trainable weights (λθ) and β (λβ).
    /// </summary>
    private optim.Optimizer CreateOptimizer()
    {
        var theta = new List<Parameter>(); var beta = new List<Parameter>();
        foreach (var (name, p) in model.NamedParameters())
        {
            var frozen = settings.FreezeConvolutions && CrfModel.IsConvolutional(name);
            p.requires_grad_(!frozen);
            if (!frozen) (name.StartsWith("pairwise.", StringComparison.Ordinal) ? beta : theta).Add(p);
        }
        double lr = settings.LearningRate, mu = settings.Momentum;
        return settings.Optimizer == OptimizerKind.AdamW
            ? optim.AdamW([new AdamW.ParamGroup(theta, lr, mu, 0.999, 1e-8, settings.WeightDecay),
                new AdamW.ParamGroup(beta, lr, mu, 0.999, 1e-8, settings.BetaWeightDecay)], lr)
            : optim.SGD([new SGD.ParamGroup(theta, lr, mu, 0, settings.WeightDecay),
                new SGD.ParamGroup(beta, lr, mu, 0, settings.BetaWeightDecay)], lr);
    }

    private IEnumerable<Parameter> Trainable() =>
        model.NamedParameters().Select(p => p.Parameter).Where(p => p.requires_grad);

    /// <summary>
    /// The step's examples, augmented with a stream drawn from (seed, epoch, step) alone (<see cref="Seed"/>).
    /// </summary>
    private TrainingExample[] Batch(IReadOnlyList<TrainingExample> examples, int[] order, int epoch, int step)
    {
        var from = step * settings.ImagesPerStep;
        var batch = new TrainingExample[Math.Min(settings.ImagesPerStep, order.Length - from)];
        var rng = new Random(Seed.Derive(Seed.Derive(settings.Seed, AugmentationStream, epoch), AugmentationStream,
            step));
        for (var i = 0; i < batch.Length; i++)
        {
            var e = examples[order[from + i]];
            batch[i] = settings.Augmentation is { } a ? ExampleAugmentation.Apply(e, a, rng) : e;
        }
        return batch;
    }

    /// <summary>
    /// The step's loss (1/B) Σ_i w_i · −log Pr(y_i|x_i) (eq. 2–6; w_i = reference count / n_i when normalised per
    /// superpixel, else 1), its gradients accumulated into θ and β. Returns Σ_i −log Pr(y_i|x_i) and Σ_i n_i for
    /// reporting. The per-patch unary with <see cref="TrainingSettings.PatchChunk"/> keeps the CNN's memory bounded: z
    /// is computed without a graph, the NLL back-propagated to z, then each chunk of patches is run again with a graph
    /// and back-propagated with its slice of ∂loss/∂z — the same gradient, for ~⅓ more compute.
    /// </summary>
    internal (double Nll, long Nodes) AccumulateGradients(IReadOnlyList<TrainingExample> batch)
    {
        using var scope = NewDisposeScope();
        var inputs = batch.Select(e => e.ToInput()).ToList();
        var chunked = model.Network.Unary is UnaryNet && settings.PatchChunk > 0;
        IReadOnlyList<Tensor> z;
        if (chunked)
        {
            using (no_grad()) z = model.Unaries(inputs);
            foreach (var t in z) t.requires_grad_(true);
        }
        else z = model.Unaries(inputs);
        Tensor? total = null;
        double nll = 0; long nodes = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var n = inputs[i].Nodes;
            var y = tensor(batch[i].Targets, dtype: ScalarType.Float64).to(model.Device);
            var value = GaussianCrf.NegativeLogLikelihood(model.PrecisionMatrix(inputs[i]), z[i], y);
            var w = settings.Normalisation == LossNormalisation.PerSuperpixel
                ? (double)settings.ReferenceSuperpixels / n
                : 1.0;
            using var weight = (w / inputs.Count)
                .ToScalar(); // held explicitly (an implicit Scalar can be finalised mid-call)
            var term = value.mul(weight);
            total = total is null ? term : total + term;
            nll += value.item<double>(); nodes += n;
        }
        if (!double.IsFinite(nll)) return (nll, nodes);
        total!.backward();
        if (chunked)
        {
            var net = (UnaryNet)model.Network.Unary;
            for (var i = 0; i < inputs.Count; i++)
                for (var start = 0; start < inputs[i].Nodes; start += settings.PatchChunk)
                {
                    var len = Math.Min(settings.PatchChunk, inputs[i].Nodes - start);
                    model.PatchUnaries(net, inputs[i], start, len).backward([z[i].grad!.narrow(0, start, len)]);
                }
        }
        return (nll, nodes);
    }

    /// <summary>
    /// The mean target over up to 256 examples spread evenly over the set (a streamed set is not read whole).
    /// </summary>
    private static double MeanTarget(IReadOnlyList<TrainingExample> examples)
    {
        var take = Math.Min(256, examples.Count);
        double sum = 0; long n = 0;
        for (var i = 0; i < take; i++)
            foreach (var t in examples[(int)((long)i * examples.Count / take)].Targets) { sum += t; n++; }
        return sum / n;
    }

    private static int[] Shuffle(int n, int seed, int epoch)
    {
        var rng = new Random(Seed.Derive(seed, ShuffleStream, epoch));
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--) { var j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        return order;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed from {Path} after epoch {Epoch}")]
    private static partial void LogResumed(ILogger logger, string path, int epoch);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Epoch {Epoch}/{Epochs}: NLL per superpixel {Loss:F4}, lr {Lr:G3}")]
    private static partial void LogEpoch(ILogger logger, int epoch, int epochs, double loss, double lr);
}
