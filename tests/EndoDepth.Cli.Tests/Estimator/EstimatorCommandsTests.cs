using System.Text.Json;
using EndoDepth.Crf;
using EndoDepth.Crf.Dense;
using EndoDepth.Crf.Features;
using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Runtime;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Crf.Training;
using EndoDepth.Datasets;
using EndoDepth.IO;

namespace EndoDepth.Cli.Tests.Estimator;

/// <summary>`endodepth train | finetune | predict | evaluate`, run as a process on a tiny synthetic dataset.</summary>
public sealed class EstimatorCommandsTests(TinyEstimatorFixture fx) : IClassFixture<TinyEstimatorFixture>
{
    [Fact]
    public void Train_writes_a_loadable_model_with_the_requested_settings_and_drops_its_checkpoint()
    {
        Assert.Contains(fx.Model, fx.TrainOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(fx.Model + ".ckpt"), "the checkpoint of a finished run is removed");
        using var model = CrfModel.Load(fx.Model);
        Assert.Equal(TinyEstimatorFixture.Patch, model.Settings.Unary.PatchSize);
        Assert.Equal(TinyEstimatorFixture.Superpixels, model.Settings.Slic.Count);
        Assert.Equal(UnaryKind.Fcsp, model.Settings.UnaryKind);
        Assert.Equal(FcspNetSettings.Tiny(TinyEstimatorFixture.InputSize).Architecture,
            model.Settings.Fcsp.Architecture);
        Assert.All(model.NamedParameters(), p => Assert.True(p.Parameter.isfinite().all().item<bool>(), p.Name));
    }

    [Fact]
    public void Evaluate_with_a_model_works_on_a_fresh_synth_folder_through_its_test_split()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("synth", "--count", "4", "--size", "32x32", "--seed", "9",
            "--views-per-phantom", "2", "-o", tmp["fresh"]);
        Assert.True(code == 0, err);
        (code, var output, err) = Endodepth.Run("evaluate", "-m", fx.Model, "--data", tmp["fresh"], "--json",
            "--threads", "1");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(new DatasetFolder(tmp["fresh"]).ReadSplit(SplitName.Test).Count,
            json.RootElement.GetProperty("images").GetInt32());
    }

    [Fact]
    public void Predict_writes_a_finite_positive_depth_npy_and_a_preview_png_per_input()
    {
        using var tmp = new TempFolder();
        var items = new DatasetFolder(fx.Data).ReadManifest();
        string[] inputs = [.. items.Take(2).Select(i => Path.Combine(fx.Data, i.Image))];
        var (code, _, err) = Endodepth.Run(["predict", "--model", fx.Model, .. inputs, "--out", tmp["pred"],
            "--threads", "1"]);
        Assert.True(code == 0, err);
        foreach (var input in inputs)
        {
            var name = Path.GetFileNameWithoutExtension(input);
            var npy = NpyFile.Read(Path.Combine(tmp["pred"], name + ".npy"));
            Assert.Equal([32L, 32L], npy.Shape);
            Assert.All(npy.Values, v => Assert.True(double.IsFinite(v) && v > 0, $"depth {v}"));
            var preview = PngFile.Read(Path.Combine(tmp["pred"], "preview", name + ".png"));
            Assert.Equal((32, 32), (preview.Width, preview.Height));
        }
    }

    [Fact]
    public void Predict_on_a_folder_mirrors_it_and_its_output_feeds_metrics_against_the_ground_truth()
    {
        // The README's chain: predict a folder of frames, then score the folder of predictions.
        using var tmp = new TempFolder();
        var images = Path.Combine(fx.Data, "images");
        var (code, _, err) = Endodepth.Run("predict", "--model", fx.Model, images, "--out", tmp["pred"],
            "--range", "5,60", "--threads", "1");
        Assert.True(code == 0, err);
        var frames = Directory.GetFiles(images, "*.png").Length;
        Assert.Equal(frames, Directory.GetFiles(tmp["pred"], "*.npy").Length);
        Assert.Equal(frames, Directory.GetFiles(Path.Combine(tmp["pred"], "preview"), "*.png").Length);
        (code, var output, err) = Endodepth.Run("metrics", "--pred", tmp["pred"], "--gt",
            Path.Combine(fx.Data, "depth"), "--align", "Median", "--json");
        Assert.True(code == 0, err);
        using var metrics = JsonDocument.Parse(output);

        // evaluate speaks the same --align words and prints the same metric keys.
        (code, output, err) = Endodepth.Run("evaluate", "--model", fx.Model, "--data", fx.Data, "--split", "Train",
            "--align", "lsq", "--json", "--threads", "1");
        Assert.True(code == 0, err);
        using var evaluate = JsonDocument.Parse(output);
        string[] keys = ["rel", "log10", "rms", "sq_rel", "rmse_log", "d1", "d2", "d3", "count", "images", "align"];
        foreach (var key in keys)
        {
            Assert.True(metrics.RootElement.TryGetProperty(key, out _), $"metrics lacks '{key}'");
            Assert.True(evaluate.RootElement.TryGetProperty(key, out _), $"evaluate lacks '{key}'");
        }
        Assert.Equal("median", metrics.RootElement.GetProperty("align").GetString());
        Assert.Equal("lsq", evaluate.RootElement.GetProperty("align").GetString());
    }

    [Fact]
    public void Predict_refuses_a_truncated_jpeg_in_one_line_naming_it_instead_of_hanging()
    {
        // A JPEG start whose APP0 length points past the end of the 6-byte file (the decoder used to spin forever).
        using var tmp = new TempFolder();
        var bad = tmp["x.png"];
        File.WriteAllBytes(bad, [0xFF, 0xD8, 0xFF, 0xE0, 0x01, 0x00]);
        var (code, _, err) = Endodepth.Run("predict", "--model", fx.Model, bad, "--out", tmp["pred"], "--threads", "1");
        Assert.Equal(2, code); // bad input
        Assert.Contains(bad, err, StringComparison.Ordinal);
        Assert.Contains("truncated", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_reads_the_camera_from_fov_and_says_which_camera_it_assumed_without_one()
    {
        using var tmp = new TempFolder();
        var input = Path.Combine(fx.Data, new DatasetFolder(fx.Data).ReadManifest()[0].Image);
        var (code, _, err) = Endodepth.Run(["predict", "--model", fx.Model, input, "--out", tmp["assumed"],
            "--threads", "1"]);
        Assert.True(code == 0, err);
        Assert.Contains("no --fov given", err, StringComparison.Ordinal);
        (code, _, err) = Endodepth.Run(["predict", "--model", fx.Model, input, "--out", tmp["wide"], "--fov", "150",
            "--fisheye", "--threads", "1"]);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("no --fov given", err, StringComparison.Ordinal);
        // The model's cues are camera rays: another lens gives other cues, so another prediction.
        var npy = Path.GetFileNameWithoutExtension(input) + ".npy";
        Assert.NotEqual(NpyFile.Read(Path.Combine(tmp["assumed"], npy)).Values,
            NpyFile.Read(Path.Combine(tmp["wide"], npy)).Values);
    }

    [Fact]
    public void Evaluate_prints_the_paper_metrics_and_json_that_parses()
    {
        var (code, output, err) = Endodepth.Run("evaluate", "--model", fx.Model, "--data", fx.Data, "--split", "Train",
            "--threads", "1");
        Assert.True(code == 0, err);
        foreach (var metric in new[] { "rel", "log10", "rms" })
            Assert.Contains(metric, output, StringComparison.Ordinal);

        (code, output, err) = Endodepth.Run("evaluate", "--model", fx.Model, "--data", fx.Data, "--split", "Train",
            "--json", "--threads", "1");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(6, root.GetProperty("images").GetInt32());
        var folder = new DatasetFolder(fx.Data);
        Assert.Equal(folder.ReadManifest().Sum(i => (long)folder.LoadDepth(i).ValidCount), root.GetProperty("count")
            .GetInt64());
        foreach (var metric in new[] { "rel", "log10", "rms" })
        {
            var v = root.GetProperty(metric).GetDouble();
            Assert.True(double.IsFinite(v) && v >= 0, $"{metric} = {v}");
        }
    }

    [Fact]
    public void Evaluate_of_an_empty_split_exits_2_naming_the_dataset()
    {
        var (code, _, err) = Endodepth.Run("evaluate", "--model", fx.Model, "--data", fx.Data, "--split", "Test",
            "--threads", "1");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(fx.Data, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Finetune_keeps_every_convolutional_weight_bit_identical_and_trains_the_rest()
    {
        using var tmp = new TempFolder();
        var tuned = tmp["tuned.crf"];
        var (code, _, err) = Endodepth.Run("finetune", "--model", fx.Model, "--data", fx.Data, "--out", tuned,
            "--epochs", "1", "--lr", "0.001", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.False(File.Exists(tuned + ".ckpt"));
        using var before = CrfModel.Load(fx.Model);
        using var after = CrfModel.Load(tuned);
        Assert.Equal(before.Settings.Architecture, after.Settings.Architecture);
        var was = before.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.data<float>().ToArray());
        var changed = 0;
        foreach (var (name, p) in after.NamedParameters())
        {
            var now = p.data<float>().ToArray();
            if (CrfModel.IsConvolutional(name)) Assert.True(was[name].SequenceEqual(now), $"{name} moved");
            else if (!was[name].SequenceEqual(now)) changed++;
        }
        Assert.True(was.Keys.Any(CrfModel.IsConvolutional), "the model has convolutional layers");
        Assert.True(changed > 0, "fine-tuning changed none of the fully connected / pairwise weights");
    }

    [Fact]
    public void Train_resumes_an_interrupted_run_from_its_checkpoint_and_ends_as_the_uninterrupted_run()
    {
        using var tmp = new TempFolder();
        var model = tmp["resumed.crf"];
        var checkpoint = tmp["run.ckpt"];
        InterruptAfterFirstEpoch(fx.Data, checkpoint);
        Assert.True(File.Exists(checkpoint));

        var (code, output, err) = Endodepth.Run(
            TinyEstimatorFixture.TrainArgs(fx.Data, model, "--checkpoint", checkpoint));
        Assert.True(code == 0, err);
        Assert.Contains("resumed after epoch 1", output, StringComparison.Ordinal);
        Assert.False(File.Exists(checkpoint));
        using var resumed = CrfModel.Load(model);
        using var straight = CrfModel.Load(fx.Model);
        var want = straight.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.data<float>().ToArray());
        foreach (var (name, p) in resumed.NamedParameters())
            Assert.True(want[name].SequenceEqual(p.data<float>().ToArray()),
                $"{name} differs from the uninterrupted run");
    }

    [Fact]
    public void Train_interrupted_by_ctrl_c_keeps_its_checkpoint_and_a_rerun_resumes_to_the_uninterrupted_result()
    {
        using var tmp = new TempFolder();
        static string[] WithEpochs(string[] args, int epochs)
        {
            args[Array.IndexOf(args, "--epochs") + 1] = $"{epochs}";
            return args;
        }
        string[] Args(string model) => WithEpochs(TinyEstimatorFixture.TrainArgs(fx.Data, model), 40);
        var model = tmp["ctrl-c.crf"];
        var (code, interrupted, _, err) = InterruptedRun.Run(model + ".ckpt", Args(model));
        Assert.True(interrupted, "the run finished before its first checkpoint was seen");
        Assert.True(code == 130, $"exit code {code}: {err}");
        Assert.Contains("cancelled", err, StringComparison.Ordinal);
        Assert.True(File.Exists(model + ".ckpt"), "the checkpoint survives Ctrl-C");
        Assert.False(File.Exists(model), "no model is written by an interrupted run");

        var (code2, output, err2) = Endodepth.Run(Args(model));
        Assert.True(code2 == 0, err2);
        Assert.Matches(@"resumed after epoch [1-9]", output);
        var straight = tmp["straight.crf"];
        (code2, _, err2) = Endodepth.Run(Args(straight));
        Assert.True(code2 == 0, err2);
        AssertSameWeights(straight, model);
    }

    [Fact]
    public void Train_refuses_a_checkpoint_of_other_superpixels_or_other_data_naming_the_difference()
    {
        using var tmp = new TempFolder();
        var model = tmp["m.crf"];
        InterruptAfterFirstEpoch(fx.Data, model + ".ckpt");
        var before = File.ReadAllBytes(model + ".ckpt");
        string[] With(string data, string superpixels)
        {
            var args = TinyEstimatorFixture.TrainArgs(data, model);
            args[Array.IndexOf(args, "--superpixels") + 1] = superpixels;
            return args;
        }
        void AssertRefused((int Code, string Out, string Err) run, string difference)
        {
            Assert.True(run.Code == 2, $"exit {run.Code}: {run.Err}");
            var line = Assert.Single(run.Err.Trim().Split('\n'));
            Assert.Contains(model + ".ckpt", line, StringComparison.Ordinal);
            Assert.True(line.Contains(difference, StringComparison.Ordinal), line);
            Assert.Equal(before, File.ReadAllBytes(model + ".ckpt"));
            Assert.False(File.Exists(model));
        }

        AssertRefused(Endodepth.Run(With(fx.Data, "20")), "model setting Slic.Count = 12, not 20");
        var (code, _, err) = Endodepth.Run("synth", "--count", "4", "--size", "32x32", "--seed", "9",
            "--views-per-phantom", "4", "--out", tmp["other"]);
        Assert.True(code == 0, err);
        AssertRefused(Endodepth.Run(With(tmp["other"], $"{TinyEstimatorFixture.Superpixels}")),
            "training data items = 6, not 4");

        string output;
        (code, output, err) = Endodepth.Run(With(fx.Data, $"{TinyEstimatorFixture.Superpixels}"));
        Assert.True(code == 0, err);
        Assert.Contains("resumed after epoch 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Finetune_resumes_its_own_checkpoint_and_refuses_one_of_another_base_model()
    {
        using var tmp = new TempFolder();
        var checkpoint = tmp["tune.ckpt"];
        var training = new TrainingSettings(2, TinyEstimatorFixture.LearningRate, 0, 0.8, 5e-4, 5e-4, 0,
            FreezeConvolutions: true, InitialiseOutputBias: false);
        TorchRuntime.Initialize(1);
        using (var baseModel = CrfModel.Load(fx.Model))
            Interrupt(baseModel, training, fx.Data, checkpoint);
        var other = tmp["other.crf"];
        using (var otherModel = CrfModel.Create(TinySettings(), seed: 5)) otherModel.Save(other);
        string[] Args(string model) =>
            ["finetune", "--model", model, "--data", fx.Data, "--out", tmp["tuned.crf"], "--checkpoint", checkpoint,
            "--epochs", "2", "--constant-epochs", "0", "--lr", "0.001", "--seed", "0", "--threads", "1"];

        var (code, _, err) = Endodepth.Run(Args(other));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(checkpoint, err, StringComparison.Ordinal);
        Assert.Contains("base model", err, StringComparison.Ordinal);
        Assert.True(File.Exists(checkpoint) && !File.Exists(tmp["tuned.crf"]));

        string output;
        (code, output, err) = Endodepth.Run(Args(fx.Model));
        Assert.True(code == 0, err);
        Assert.Contains("resumed after epoch 1", output, StringComparison.Ordinal);
        Assert.False(File.Exists(checkpoint));
    }

    private static void AssertSameWeights(string expectedPath, string actualPath)
    {
        using var expected = CrfModel.Load(expectedPath);
        using var actual = CrfModel.Load(actualPath);
        var want = expected.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.data<float>().ToArray());
        Assert.Equal(want.Count, actual.NamedParameters().Count());
        foreach (var (name, p) in actual.NamedParameters())
            Assert.True(want[name].SequenceEqual(p.data<float>().ToArray()),
                $"{name} differs from the uninterrupted run");
    }

    [Fact]
    public void Train_refuses_a_checkpoint_of_other_settings_with_exit_code_2_naming_it()
    {
        using var tmp = new TempFolder();
        var checkpoint = tmp["run.ckpt"];
        InterruptAfterFirstEpoch(fx.Data, checkpoint);
        var (code, _, err) = Endodepth.Run(TinyEstimatorFixture.TrainArgs(fx.Data, tmp["m.crf"], "--checkpoint",
            checkpoint, "--momentum", "0.5"));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(checkpoint, err, StringComparison.Ordinal);
        Assert.True(File.Exists(checkpoint), "a refused checkpoint is kept");
    }

    [Fact]
    public void Train_on_a_missing_data_folder_exits_2_naming_it()
    {
        using var tmp = new TempFolder();
        var missing = tmp["no-such-folder"];
        var (code, _, err) = Endodepth.Run(TinyEstimatorFixture.TrainArgs(missing, tmp["m.crf"]));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(missing, err, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp["m.crf"]));
    }

    [Fact]
    public void Train_on_an_empty_dataset_exits_2_naming_its_manifest()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp["empty"]);
        var manifest = Path.Combine(tmp["empty"], DatasetFolder.ManifestFileName);
        File.WriteAllText(manifest, "");
        var (code, _, err) = Endodepth.Run(TinyEstimatorFixture.TrainArgs(tmp["empty"], tmp["m.crf"]));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(manifest, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("evaluate")]
    [InlineData("finetune")]
    public void A_model_file_of_garbage_bytes_exits_2_naming_it(string command)
    {
        using var tmp = new TempFolder();
        var garbage = tmp["garbage.crf"];
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(garbage, bytes);
        string[] args = command switch
        {
            "predict" => ["predict", "--model", garbage,
                Path.Combine(fx.Data, new DatasetFolder(fx.Data).ReadManifest()[0].Image), "--out", tmp["pred"]],
            "evaluate" => ["evaluate", "--model", garbage, "--data", fx.Data, "--split", "Train"],
            _ => ["finetune", "--model", garbage, "--data", fx.Data, "--out", tmp["tuned.crf"], "--epochs", "1"],
        };
        var (code, _, err) = Endodepth.Run(args);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(garbage, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_refuses_two_inputs_of_the_same_name_before_writing_anything()
    {
        using var tmp = new TempFolder();
        var image = Path.Combine(fx.Data, new DatasetFolder(fx.Data).ReadManifest()[0].Image);
        Directory.CreateDirectory(tmp["a"]); Directory.CreateDirectory(tmp["b"]);
        File.Copy(image, tmp["a/x.png"]); File.Copy(image, tmp["b/x.png"]);
        var (code, _, err) = Endodepth.Run("predict", "--model", fx.Model, tmp["a/x.png"], tmp["b/x.png"], "--out",
            tmp["pred"]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(tmp["a/x.png"], err, StringComparison.Ordinal);
        Assert.Contains(tmp["b/x.png"], err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp["pred"]));
    }

    [Fact]
    public void Predict_with_a_missing_input_exits_2_naming_it_before_writing_anything()
    {
        using var tmp = new TempFolder();
        var image = Path.Combine(fx.Data, new DatasetFolder(fx.Data).ReadManifest()[0].Image);
        var missing = tmp["missing.png"];
        var (code, _, err) = Endodepth.Run("predict", "--model", fx.Model, image, missing, "--out", tmp["pred"]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(missing, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp["pred"]));
    }

    [Fact]
    public void Predict_into_a_path_that_is_a_file_exits_2_naming_it()
    {
        using var tmp = new TempFolder();
        var image = Path.Combine(fx.Data, new DatasetFolder(fx.Data).ReadManifest()[0].Image);
        var file = tmp["taken"];
        File.WriteAllText(file, "x");
        var (code, _, err) = Endodepth.Run("predict", "--model", fx.Model, image, "--out", file);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(file, err, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    /// <summary>
    /// Runs, in process, the training the fixture's `train` command line describes (same model and training settings)
    /// and cancels it after the first of its epochs, leaving the checkpoint a killed run leaves.
    /// </summary>
    private static void InterruptAfterFirstEpoch(string data, string checkpoint)
    {
        TorchRuntime.Initialize(1);
        var training = new TrainingSettings(TinyEstimatorFixture.Epochs, TinyEstimatorFixture.LearningRate, 0, 0.8,
            5e-4, 5e-4, TinyEstimatorFixture.Seed);
        using var model = CrfModel.Create(TinySettings(), TinyEstimatorFixture.Seed);
        Interrupt(model, training, data, checkpoint);
    }

    /// <summary>The model settings the fixture's `train` command line describes.</summary>
    private static CrfModelSettings TinySettings() => new()
    {
        Slic = new SlicSettings(TinyEstimatorFixture.Superpixels, 10),
        Pairwise = new PairwiseSettings(UseLbp: false),
        Unary = UnaryNetSettings.Tiny(TinyEstimatorFixture.Patch),
        Fcsp = FcspNetSettings.Tiny(TinyEstimatorFixture.InputSize),
        Target = DepthTarget.Log,
        Dense = new DenseSettings(DenseFill.Assignment),
    };

    /// <summary>
    /// Trains in process and cancels after the first epoch, leaving the checkpoint a killed run leaves.
    /// </summary>
    private static void Interrupt(CrfModel model, TrainingSettings training, string data, string checkpoint)
    {
        using var cts = new CancellationTokenSource();
        var progress = new Relay(p => { if (p.EpochCompleted) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            CrfTrainingRun.Run(model, training, new DatasetFolder(data), checkpoint + ".model", checkpoint, null,
                progress, null, cts.Token));
    }

    private sealed class Relay(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
