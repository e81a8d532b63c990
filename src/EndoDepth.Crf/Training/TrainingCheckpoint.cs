using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Training;

/// <summary>
/// A training checkpoint in the model-file container: the weights, the optimiser's state (momentum buffers, step
/// counts) as a blob, the training settings and the losses so far. Loading refuses another architecture, other
/// training settings, or — when fine-tuning — another base model.
/// </summary>
internal sealed class TrainingCheckpoint(CrfModel model, TrainingSettings settings)
{
    internal const string Kind = "endodepth-crf-checkpoint";
    private const string OptimizerBlob = "optimizer";

    public void Save(string path, optim.Optimizer optimizer, IReadOnlyList<double> losses)
    {
        var header = model.Header(Kind);
        header["training"] = JsonSerializer.SerializeToNode(settings, ModelFile.Json);
        header["epochs_done"] = losses.Count;
        header["losses"] = new JsonArray(losses.Select(l => (JsonNode)l).ToArray());
        using var state = new MemoryStream();
        using (var w = new BinaryWriter(state, System.Text.Encoding.UTF8,
            leaveOpen: true)) ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(w);
        ModelFile.Write(path, header, model.Entries(), blobs: [(OptimizerBlob, state.ToArray())]);
    }

    /// <summary>Restores weights, optimiser state and losses; returns the number of epochs done.</summary>
    public int Load(string path, optim.Optimizer optimizer, List<double> losses)
    {
        var (header, tensors, blobs) = ModelFile.ReadWithBlobs(path);
        if (header["kind"]?.GetValue<string>() != Kind) throw new ModelFileException(path, "not a training checkpoint");
        var arch = header["architecture"]?.GetValue<string>();
        if (arch != model.Settings.Architecture)
            throw new ModelFileException(path,
                $"the checkpoint is of architecture '{arch}', the model is '{model.Settings.Architecture}'");
        var saved = header["training"]?.ToJsonString();
        var mine = JsonSerializer.SerializeToNode(settings, ModelFile.Json)!.ToJsonString();
        if (saved != mine) throw new ModelFileException(path,
            $"the checkpoint was written with other training settings ({saved}); delete it to start afresh");
        if (settings.FreezeConvolutions)
        {
            // Frozen layers never move while fine-tuning, so a checkpoint of this run holds the base model's
            // convolutions.
            foreach (var (name, p) in model.NamedParameters())
                if (CrfModel.IsConvolutional(name) && tensors.TryGetValue(name, out var e) && !e.Values.AsSpan()
                    .SequenceEqual(CrfModel.ToEntry(name, p).Values))
                    throw new ModelFileException(path,
                        $"the checkpoint fine-tunes another base model (its '{name}' differs); delete it " +
                        $"to start afresh");
        }
        if (!blobs.TryGetValue(OptimizerBlob, out var state))
            throw new ModelFileException(path, "the checkpoint holds no optimiser state");
        model.LoadWeights(path, tensors);
        try
        {
            using var r = new BinaryReader(new MemoryStream(state));
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(r);
        }
        catch (Exception e)
            when (e is EndOfStreamException or InvalidOperationException or ArgumentException or IOException)
        {
            throw new ModelFileException(path, "the optimiser state is damaged: " + e.Message, e);
        }
        try
        {
            losses.AddRange(header["losses"]!.AsArray().Select(x => x!.GetValue<double>()));
            return header["epochs_done"]!.GetValue<int>();
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new ModelFileException(path, "malformed checkpoint header: " + e.Message, e);
        }
    }
}
