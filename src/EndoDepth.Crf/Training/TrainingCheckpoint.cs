using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Training;

/// <summary>
/// A training checkpoint in the model-file container: the weights, the optimiser's state (momentum buffers, step
/// counts) as a blob, the model and training settings, which examples it trains on, and the losses so far. Loading
/// refuses another architecture, other model settings (e.g. superpixels), other training settings, other examples
/// (e.g. another <c>--data</c>), or — when fine-tuning — another base model, naming the first difference: resuming
/// any of them would not give the model an uninterrupted run gives.
/// </summary>
internal sealed class TrainingCheckpoint(CrfModel model, TrainingSettings settings,
    IReadOnlyList<TrainingExample> examples)
{
    internal const string Kind = "endodepth-crf-checkpoint";
    private const string OptimizerBlob = "optimizer";

    public void Save(string path, optim.Optimizer optimizer, IReadOnlyList<double> losses)
    {
        var header = model.Header(Kind);
        header["training"] = JsonSerializer.SerializeToNode(settings, ModelFile.Json);
        header["data"] = Data();
        header["epochs_done"] = losses.Count;
        header["losses"] = new JsonArray(losses.Select(l => (JsonNode)l).ToArray());
        using var state = new MemoryStream();
        using (var w = new BinaryWriter(state, System.Text.Encoding.UTF8,
            leaveOpen: true)) ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(w);
        ModelFile.Write(path, header, model.Entries(), blobs: [(OptimizerBlob, state.ToArray())]);
    }

    /// <summary>
    /// Which examples, in which order, the run trains on: their count, first and last ids and a SHA-256 of all ids.
    /// </summary>
    private JsonObject Data()
    {
        var ids = string.Join('\n', examples.Select(e => e.Id));
        return new JsonObject
        {
            ["items"] = examples.Count,
            ["first"] = examples.Count > 0 ? examples[0].Id : "",
            ["last"] = examples.Count > 0 ? examples[^1].Id : "",
            ["ids_sha256"] = Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ids))),
        };
    }

    /// <summary>Throws, naming the first difference, unless the checkpoint's <paramref name="what"/> equals this
    /// run's.</summary>
    private static void Refuse(string path, string what, JsonNode? saved, JsonNode? mine)
    {
        if (SettingsDifference.First(saved, mine) is { } d)
            throw new ModelFileException(path, $"the checkpoint was written with {what} {d.Path} = {d.Was}, not " +
                $"{d.Now}; delete it to start afresh");
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
        Refuse(path, "model setting", header["settings"],
            JsonSerializer.SerializeToNode(model.Settings, ModelFile.Json));
        Refuse(path, "training setting", header["training"], JsonSerializer.SerializeToNode(settings, ModelFile.Json));
        // Checkpoints written before examples were recorded carry no "data" and are taken as they are.
        if (header["data"] is { } data) Refuse(path, "training data", data, Data());
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
