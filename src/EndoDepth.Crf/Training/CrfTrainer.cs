using System.Text.Json;
using System.Text.Json.Nodes;
using EndoDepth.Crf.Inference;
using EndoDepth.Crf.Networks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Training;

/// <summary>
/// Trains a <see cref="CrfModel"/> by minimising eq. (6): Σ −log Pr(y|x) over the images (the exact Gaussian NLL,
/// back-propagated through both potentials) with SGD, momentum and weight decay λθ, λβ, keeping β ≥ 0 by projection.
/// With <see cref="TrainingSettings.FreezeConvolutions"/> it fine-tunes: only the fully connected layers and β move.
/// Each epoch ends with an atomic checkpoint (weights, velocities, losses); a run started again with the same checkpoint
/// path resumes after the last completed epoch and ends with the same weights as an uninterrupted run.
/// </summary>
public sealed partial class CrfTrainer
{
    internal const string CheckpointKind = "endodepth-crf-checkpoint";
    private const string VelocityPrefix = "velocity/";

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

    /// <summary>Trains on the examples (shuffled per epoch with the seed).</summary>
    /// <param name="examples">Training images.</param>
    /// <param name="checkpointPath">Checkpoint file written after every epoch and resumed from if present; null for none.</param>
    /// <param name="progress">Receives progress after every step and at the end of every epoch.</param>
    /// <param name="cancellationToken">Cancels between steps (the last checkpoint stays valid).</param>
    /// <exception cref="ModelFileException">The checkpoint is damaged or from another architecture or other settings.</exception>
    public TrainingResult Train(IReadOnlyList<TrainingExample> examples, string? checkpointPath = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("No training examples.", nameof(examples));
        var trainable = new List<(string Name, Tensor Param, double Decay)>();
        foreach (var (name, p) in model.NamedParameters())
        {
            var frozen = settings.FreezeConvolutions && CrfModel.IsConvolutional(name);
            p.requires_grad_(!frozen);
            if (!frozen) trainable.Add((name, p, name.StartsWith("pairwise.", StringComparison.Ordinal) ? settings.BetaWeightDecay : settings.WeightDecay));
        }
        using var sgd = new MomentumSgd(trainable, settings.Momentum);
        var losses = new List<double>();
        var start = 0;
        if (checkpointPath is not null && File.Exists(checkpointPath))
        {
            start = LoadCheckpoint(checkpointPath, sgd, losses);
            LogResumed(logger, checkpointPath, start);
        }
        else if (settings.InitialiseOutputBias && !settings.FreezeConvolutions)
        {
            model.Unary.SetOutputBias(examples.SelectMany(e => e.Targets).Average());
        }
        model.Unary.train(); model.Pairwise.train();
        var steps = (examples.Count + settings.ImagesPerStep - 1) / settings.ImagesPerStep;
        for (var epoch = start; epoch < settings.Epochs; epoch++)
        {
            var order = Shuffle(examples.Count, settings.Seed, epoch);
            var lr = settings.LearningRateAt(epoch);
            double sum = 0; long nodes = 0;
            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double loss = 0;
                for (var i = step * settings.ImagesPerStep; i < Math.Min(examples.Count, (step + 1) * settings.ImagesPerStep); i++)
                {
                    var ex = examples[order[i]];
                    loss += AccumulateGradients(ex); // Σ over the step's images of −log Pr(y|x), eq. (6)
                    nodes += ex.Targets.Length;
                    if (!double.IsFinite(loss))
                        throw new InvalidOperationException($"Training diverged in epoch {epoch + 1} (the NLL is not finite); lower the learning rate (now {lr:G3}).");
                }
                sgd.Step(lr);
                model.Pairwise.ProjectNonNegative(); // β ≥ 0 (eq. 6)
                sgd.ZeroGrad();
                sum += loss;
                progress?.Report(new TrainingProgress(epoch, settings.Epochs, step + 1, steps, sum / nodes, lr, false));
            }
            losses.Add(sum / nodes);
            if (checkpointPath is not null) SaveCheckpoint(checkpointPath, sgd, losses);
            LogEpoch(logger, epoch + 1, settings.Epochs, sum / nodes, lr);
            progress?.Report(new TrainingProgress(epoch, settings.Epochs, steps, steps, sum / nodes, lr, true));
        }
        model.Unary.eval(); model.Pairwise.eval();
        return new TrainingResult(losses, start);
    }

    /// <summary>
    /// −log Pr(y|x) of one image (eq. 2–6), with its gradients accumulated into θ and β. With
    /// <see cref="TrainingSettings.PatchChunk"/> &gt; 0 the CNN's memory stays bounded: z is computed without a graph,
    /// the NLL is back-propagated to z (and β), then each chunk of patches is run again with a graph and back-propagated
    /// with its slice of ∂NLL/∂z — the same gradient as one pass over all patches, for ~⅓ more compute.
    /// </summary>
    internal double AccumulateGradients(TrainingExample ex)
    {
        using var scope = NewDisposeScope();
        var s = model.Settings;
        var dev = model.Device;
        var patches = PatchExtractor.Extract(ex.Image, ex.CentroidX, ex.CentroidY, s.Unary.PatchSize);
        var sims = tensor(ex.Similarities, [ex.Graph.EdgeCount, s.Pairwise.K]);
        var n = ex.Targets.Length;
        var chunk = settings.PatchChunk <= 0 ? n : settings.PatchChunk;
        Tensor z;
        if (chunk >= n) z = model.Unary.forward(patches.to(dev)).to(ScalarType.Float64);
        else
        {
            using (no_grad())
            {
                var parts = new List<Tensor>();
                for (var start = 0; start < n; start += chunk)
                    parts.Add(model.Unary.forward(patches.narrow(0, start, Math.Min(chunk, n - start)).to(dev)));
                z = cat(parts).to(ScalarType.Float64);
            }
            z.requires_grad_(true);
        }
        var r = model.Pairwise.forward(sims.to(dev)).to(ScalarType.Float64);
        var a = GaussianCrf.BuildA(r, tensor(ex.Graph.From.Select(i => (long)i).ToArray()).to(dev), tensor(ex.Graph.To.Select(i => (long)i).ToArray()).to(dev), ex.Graph.NodeCount);
        var nll = GaussianCrf.NegativeLogLikelihood(a, z, tensor(ex.Targets, dtype: ScalarType.Float64).to(dev));
        var value = nll.item<double>();
        if (!double.IsFinite(value)) return value;
        nll.backward();
        if (chunk < n)
        {
            var gz = z.grad!;
            for (var start = 0; start < n; start += chunk)
            {
                var len = Math.Min(chunk, n - start);
                var zc = model.Unary.forward(patches.narrow(0, start, len).to(dev)).to(ScalarType.Float64);
                zc.backward([gz.narrow(0, start, len)]);
            }
        }
        return value;
    }

    private static int[] Shuffle(int n, int seed, int epoch)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + epoch));
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--) { var j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        return order;
    }

    private void SaveCheckpoint(string path, MomentumSgd sgd, List<double> losses)
    {
        var header = model.Header(CheckpointKind);
        header["training"] = JsonSerializer.SerializeToNode(settings, ModelFile.Json);
        header["epochs_done"] = losses.Count;
        header["losses"] = new JsonArray(losses.Select(l => (JsonNode)l).ToArray());
        var entries = model.Entries();
        entries.AddRange(sgd.Velocity.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => CrfModel.ToEntry(VelocityPrefix + v.Key, v.Value)));
        ModelFile.Write(path, header, entries);
    }

    private int LoadCheckpoint(string path, MomentumSgd sgd, List<double> losses)
    {
        var (header, tensors) = ModelFile.Read(path);
        if (header["kind"]?.GetValue<string>() != CheckpointKind) throw new ModelFileException(path, "not a training checkpoint");
        var arch = header["architecture"]?.GetValue<string>();
        if (arch != model.Settings.Architecture)
            throw new ModelFileException(path, $"the checkpoint is of architecture '{arch}', the model is '{model.Settings.Architecture}'");
        var saved = header["training"]?.ToJsonString();
        var mine = JsonSerializer.SerializeToNode(settings, ModelFile.Json)!.ToJsonString();
        if (saved != mine) throw new ModelFileException(path, $"the checkpoint was written with other training settings ({saved}); delete it to start afresh");
        model.LoadWeights(path, tensors);
        foreach (var (name, e) in tensors)
            if (name.StartsWith(VelocityPrefix, StringComparison.Ordinal))
                sgd.SetVelocity(name[VelocityPrefix.Length..], tensor(e.Values, e.Shape).to(model.Device));
        losses.AddRange(header["losses"]!.AsArray().Select(x => x!.GetValue<double>()));
        return header["epochs_done"]!.GetValue<int>();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed from {Path} after epoch {Epoch}")]
    private static partial void LogResumed(ILogger logger, string path, int epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Epoch {Epoch}/{Epochs}: NLL per superpixel {Loss:F4}, lr {Lr:G3}")]
    private static partial void LogEpoch(ILogger logger, int epoch, int epochs, double loss, double lr);
}
