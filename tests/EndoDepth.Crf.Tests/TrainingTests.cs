using System.Diagnostics;
using EndoDepth.Crf.Runtime;
using EndoDepth.Crf.Training;
using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

/// <summary>A tiny dataset folder shared by the training tests.</summary>
public sealed class TinyDatasetFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("endodepth-crf-data-").FullName;
    public DatasetFolder Folder { get; }
    public CrfModelSettings Settings { get; } = CrfModelSettings.Tiny();
    public IReadOnlyList<TrainingExample> Examples { get; }

    public TinyDatasetFixture()
    {
        TorchRuntime.Initialize(threads: 1);
        Folder = TinyDataset.Create(Root, 8);
        Examples = TrainingData.Load(Folder, SplitName.Train, Settings);
    }

    public void Dispose() => Directory.Delete(Root, true);
}

[Collection(TorchCollection.Name)]
public class TrainingTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    // The paper's lr 2e-4, one image per step, no warm-up or augmentation: a few epochs on 8 images must show learning.
    private static TrainingSettings Quick(int epochs) =>
        new(Epochs: epochs, ConstantEpochs: 2, Seed: 3, ImagesPerStep: 1, WarmupSteps: 0) { Augmentation = null };

    private static double RelError(CrfModel model, DatasetFolder folder)
    {
        double sum = 0; long n = 0;
        foreach (var item in folder.ReadManifest())
        {
            var gt = folder.LoadDepth(item);
            var est = model.Predict(folder.LoadImage(item));
            for (var p = 0; p < gt.Millimetres.Length; p++)
                if (gt.Valid[p]) { sum += Math.Abs(gt.Millimetres[p] - est.Millimetres[p]) / gt.Millimetres[p]; n++; }
        }
        return sum / n;
    }

    private static Dictionary<string, float[]> Weights(CrfModel m) =>
        m.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.detach().cpu().data<float>().ToArray());

    [Fact]
    public void A_few_epochs_reduce_the_loss_and_the_rel_error()
    {
        using var model = CrfModel.Create(data.Settings, seed: 1);
        // Baseline: the mean predictor (one epoch at a negligible rate only sets the output bias to the mean target).
        new CrfTrainer(model, new TrainingSettings(Epochs: 1, LearningRate: 1e-12, Seed: 3)).Train(data.Examples);
        var relBefore = RelError(model, data.Folder);
        var r = new CrfTrainer(model, Quick(8) with { InitialiseOutputBias = false }).Train(data.Examples);
        var relAfter = RelError(model, data.Folder);
        Assert.True(r.EpochLosses[^1] < r.EpochLosses[0], $"loss {string.Join(", ", r.EpochLosses)}");
        Assert.True(relAfter < 0.6 * relBefore, $"rel {relBefore} → {relAfter}");
        Assert.True(model.Pairwise.Beta.data<float>().ToArray().All(b => b >= 0));
    }

    public static TheoryData<string> ResumeCases =>
        ["paper-like", "defaults", "defaults-no-augment", "defaults-no-warmup", "defaults-no-clip", "adamw"];

    private static TrainingSettings ResumeSettings(string name) => name switch
    {
        "paper-like" => Quick(4),
        "defaults" => new TrainingSettings(Epochs: 4, ConstantEpochs: 0, Seed: 3, ImagesPerStep: 3, WarmupSteps: 5),
        "defaults-no-augment" =>
            new TrainingSettings(Epochs: 4, ConstantEpochs: 0, Seed: 3, ImagesPerStep: 3,
            WarmupSteps: 5) { Augmentation = null },
        "defaults-no-warmup" =>
            new TrainingSettings(Epochs: 4, ConstantEpochs: 2, Seed: 3, ImagesPerStep: 3, WarmupSteps: 0),
        "defaults-no-clip" =>
            new TrainingSettings(Epochs: 4, ConstantEpochs: 2, Seed: 3, ImagesPerStep: 3, WarmupSteps: 5,
            GradientClipNorm: 0),
        _ => new TrainingSettings(Epochs: 4, LearningRate: 1e-3, ConstantEpochs: 1, Seed: 3, ImagesPerStep: 3,
            Optimizer: OptimizerKind.AdamW),
    };

    [Theory]
    [MemberData(nameof(ResumeCases))]
    public void Resuming_from_a_checkpoint_gives_the_weights_of_an_uninterrupted_run(string settingsName)
    {
        var settings = ResumeSettings(settingsName);
        var dir = Directory.CreateTempSubdirectory("endodepth-ckpt-").FullName;
        try
        {
            using var straight = CrfModel.Create(data.Settings, seed: 2);
            new CrfTrainer(straight, settings).Train(data.Examples, Path.Combine(dir, "a.ckpt"));

            var path = Path.Combine(dir, "b.ckpt");
            using (var killed = CrfModel.Create(data.Settings, seed: 2))
            {
                using var cts = new CancellationTokenSource();
                var p = new SyncProgress<TrainingProgress>(t =>
                {
                    if (t.EpochCompleted && t.Epoch == 1) cts.Cancel();
                    if (t.Epoch == 2 && t.Step == 1) Assert.Fail("ran past the cancel");
                });
                Assert.Throws<OperationCanceledException>(() => new CrfTrainer(killed, settings)
                    .Train(data.Examples, path, p, cts.Token));
            }
            using var resumed = CrfModel.Create(data.Settings, seed: 99); // weights come from the checkpoint
            var r = new CrfTrainer(resumed, settings).Train(data.Examples, path);
            Assert.Equal(2, r.ResumedFromEpoch);
            Assert.Equal(4, r.EpochLosses.Count);
            var a = Weights(straight); var b = Weights(resumed);
            foreach (var (name, w) in a) Assert.True(w.AsSpan().SequenceEqual(b[name]), name);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Chunked_patch_passes_give_the_gradient_of_one_pass()
    {
        var patch = data.Settings with { UnaryKind = Networks.UnaryKind.Patch };
        using var whole = CrfModel.Create(patch, seed: 7);
        using var chunked = CrfModel.Create(patch, seed: 7);
        new CrfTrainer(whole, Quick(2) with { PatchChunk = 0 }).Train(data.Examples);
        new CrfTrainer(chunked, Quick(2) with { PatchChunk = 5 }).Train(data.Examples);
        var a = Weights(whole); var b = Weights(chunked);
        var before = Weights(CrfModel.Create(patch, seed: 7));
        foreach (var (name, w) in a)
            for (var i = 0; i < w.Length; i++)
            {
                var step = Math.Abs(w[i] - before[name][i]);
                Assert.True(Math.Abs(w[i] - b[name][i]) <= 1e-3 * step + 1e-6f,
                    $"{name}[{i}]: {w[i]} vs {b[name][i]} (step {step})");
            }
    }

    [Fact]
    public void Fine_tuning_leaves_every_convolutional_weight_bit_identical()
    {
        using var model = CrfModel.Create(data.Settings, seed: 4);
        var before = Weights(model);
        new CrfTrainer(model, Quick(2) with { FreezeConvolutions = true }).Train(data.Examples);
        var after = Weights(model);
        var changed = 0;
        foreach (var (name, w) in before)
        {
            if (CrfModel.IsConvolutional(name)) Assert.True(w.AsSpan().SequenceEqual(after[name]), name);
            else if (!w.AsSpan().SequenceEqual(after[name])) changed++;
        }
        Assert.True(changed >= 2, "fully connected layers and β should train");
        Assert.Contains(before.Keys, CrfModel.IsConvolutional);
    }

    [Fact]
    public void Save_load_predict_is_bit_identical_and_another_architecture_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("endodepth-model-").FullName;
        try
        {
            using var model = CrfModel.Create(
                data.Settings with { Dense = new Dense.DenseSettings(Dense.DenseFill.EdgeAware) }, seed: 5);
            new CrfTrainer(model, Quick(1)).Train(data.Examples);
            var path = Path.Combine(dir, "m.edcrf");
            model.Save(path);
            using var loaded = CrfModel.Load(path);
            var (img, _) = TinyDataset.Item(77);
            Assert.Equal(model.Predict(img).Millimetres, loaded.Predict(img).Millimetres);
            Assert.Equal(DepthKind.ZDepth, loaded.Predict(img).Kind);

            var other = CrfModelSettings.Tiny(kind: Networks.UnaryKind.Patch).Architecture;
            var e = Assert.Throws<ModelFileException>(() => CrfModel.Load(path, expectedArchitecture: other));
            Assert.Contains("architecture", e.Message, StringComparison.Ordinal);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);

            // A checkpoint of one architecture cannot resume another.
            var ck = Path.Combine(dir, "c.ckpt");
            new CrfTrainer(model, Quick(1)).Train(data.Examples, ck);
            using var wider = CrfModel.Create(CrfModelSettings.Tiny(kind: Networks.UnaryKind.Patch));
            Assert.Throws<ModelFileException>(() => new CrfTrainer(wider, Quick(2)).Train(data.Examples, ck));

            var junk = Path.Combine(dir, "junk.edcrf");
            File.WriteAllText(junk, "not a model at all");
            Assert.Contains("not an EndoDepth", Assert.Throws<ModelFileException>(() => CrfModel.Load(junk)).Message,
                StringComparison.Ordinal);
            File.WriteAllBytes(junk, File.ReadAllBytes(path).AsSpan(0, 200).ToArray());
            Assert.Throws<ModelFileException>(() => CrfModel.Load(junk));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Working_set_stays_flat_from_epoch_2_to_epoch_10()
    {
        using var model = CrfModel.Create(data.Settings, seed: 6);
        var ws = new List<long>();
        var p = new SyncProgress<TrainingProgress>(t =>
        {
            if (!t.EpochCompleted) return;
            GC.Collect(); GC.WaitForPendingFinalizers();
            using var proc = Process.GetCurrentProcess();
            ws.Add(proc.WorkingSet64);
        });
        new CrfTrainer(model, Quick(10)).Train(data.Examples, null, p);
        Assert.Equal(10, ws.Count);
        Assert.True(ws[9] <= ws[1] * 1.05,
            $"working set grew from {ws[1] >> 20} MB (epoch 2) to {ws[9] >> 20} MB (epoch 10)");
    }
}

/// <summary>An IProgress that calls back synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

[Collection(TorchCollection.Name)]
public class TrainingRobustnessTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    [Fact]
    public void A_learning_rate_that_diverges_ends_in_one_typed_exception_and_keeps_the_last_checkpoint()
    {
        var dir = Directory.CreateTempSubdirectory("endodepth-div-").FullName;
        try
        {
            using var model = CrfModel.Create(data.Settings, seed: 1);
            var ck = Path.Combine(dir, "c.ckpt");
            new CrfTrainer(model, new TrainingSettings(Epochs: 1, Seed: 1, ImagesPerStep: 2)).Train(data.Examples, ck);
            var before = File.ReadAllBytes(ck);
            var e = Assert.Throws<TrainingDivergedException>(() =>
                new CrfTrainer(model, new TrainingSettings(Epochs: 3, LearningRate: 1e12, Seed: 1, ImagesPerStep: 2,
                    GradientClipNorm: 0, WarmupSteps: 0)).Train(data.Examples));
            Assert.DoesNotContain('\n', e.Message);
            Assert.Contains("diverged", e.Message, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(ck));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Float16_storage_roundtrips_within_half_precision_and_halves_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("endodepth-half-").FullName;
        try
        {
            using var model = CrfModel.Create(data.Settings, seed: 3);
            string full = Path.Combine(dir, "f.edcrf"), half = Path.Combine(dir, "h.edcrf");
            model.Save(full); model.Save(half, float16: true);
            Assert.True(new FileInfo(half).Length < 0.6 * new FileInfo(full).Length);
            using var loaded = CrfModel.Load(half);
            var want = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.data<float>().ToArray());
            foreach (var (name, p) in loaded.NamedParameters())
            {
                var got = p.data<float>().ToArray();
                for (var i = 0; i < got.Length; i++) Assert.Equal((float)(Half)want[name][i], got[i]);
            }
            File.WriteAllBytes(half, File.ReadAllBytes(half).AsSpan(0, (int)new FileInfo(half).Length - 3).ToArray());
            Assert.Contains("truncated", Assert.Throws<ModelFileException>(() => CrfModel.Load(half)).Message,
                StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Concatenated_sets_read_every_part_in_order()
    {
        IReadOnlyList<IReadOnlyList<int>> parts = [[1, 2], [], [3], [4, 5, 6]];
        var all = new ConcatenatedList<int>(parts);
        Assert.Equal(6, all.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6], Enumerable.Range(0, 6).Select(i => all[i]));
        Assert.Equal([1, 2, 3, 4, 5, 6], all);
        Assert.Throws<ArgumentOutOfRangeException>(() => all[6]);
    }
}

[Collection(TorchCollection.Name)]
public class ModelFileCompatibilityTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    [Fact]
    public void A_per_patch_model_file_written_before_the_unary_kind_existed_loads_as_per_patch()
    {
        var dir = Directory.CreateTempSubdirectory("endodepth-old-").FullName;
        try
        {
            using var model = CrfModel.Create(data.Settings with { UnaryKind = Networks.UnaryKind.Patch }, seed: 4);
            var path = Path.Combine(dir, "m.edcrf");
            model.Save(path);
            // Rewrite the header as older builds wrote it: settings without "UnaryKind" and "Fcsp".
            var bytes = File.ReadAllBytes(path);
            var len = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
            var header = System.Text.Json.Nodes.JsonNode.Parse(bytes.AsSpan(12, len))!.AsObject();
            var settings = header["settings"]!.AsObject();
            Assert.True(settings.Remove("UnaryKind") && settings.Remove("Fcsp"));
            var json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
            var old = new byte[12 + json.Length + bytes.Length - 12 - len];
            bytes.AsSpan(0, 8).CopyTo(old);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(old.AsSpan(8), json.Length);
            json.CopyTo(old, 12);
            bytes.AsSpan(12 + len).CopyTo(old.AsSpan(12 + json.Length));
            // Older builds wrote no checksum trailer (the last 40 bytes).
            File.WriteAllBytes(path, old[..^40]);

            using var loaded = CrfModel.Load(path);
            Assert.Equal(Networks.UnaryKind.Patch, loaded.Settings.UnaryKind);
            var (img, _) = TinyDataset.Item(5);
            Assert.Equal(model.Predict(img).Millimetres, loaded.Predict(img).Millimetres);
        }
        finally { Directory.Delete(dir, true); }
    }
}
