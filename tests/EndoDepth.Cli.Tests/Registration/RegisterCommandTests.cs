using System.Text.Json;
using System.Text.Json.Nodes;
using EndoDepth.Datasets;

namespace EndoDepth.Cli.Tests.Registration;

/// <summary>The user's chain of issue 16: render frames of a CT, register them back to it from perturbed starts, and
/// evaluate on the registered folder as on any dataset.</summary>
public class RegisterCommandTests
{
    [Fact]
    public void Registered_frames_form_a_test_split_that_evaluate_scores_without_further_flags()
    {
        using var tmp = new TempFolder();
        RenderCommandTests.WriteTube(tmp["tube.nii"]);
        var (code, _, err) = Endodepth.Run("render", tmp["tube.nii"], "--views", "2", "--presets", "1", "--spp", "4",
            "--size", "48x48", "--seed", "3", "--out", tmp["frames"], "--backend", "ParallelFor");
        Assert.True(code == 0, err);

        // The camera and the start poses from the rendered items: each start 1.5 mm off the true pose.
        var items = Directory.GetFiles(tmp["frames/items"], "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToArray();
        File.WriteAllText(tmp["camera.json"], items[0]["camera"]!.ToJsonString());
        var poses = new JsonArray();
        foreach (var item in items)
        {
            var pose = item["pose"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            pose[3] += 1.5;
            poses.Add(new JsonArray(pose.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()));
        }
        File.WriteAllText(tmp["poses.json"], new JsonObject { ["poses"] = poses }.ToJsonString());

        (code, _, err) = Endodepth.Run("register", "--ct", tmp["tube.nii"], "--frames", tmp["frames/images"],
            "--camera", tmp["camera.json"], "--init", tmp["poses.json"], "--out", tmp["registered"],
            "--backend", "ParallelFor");
        Assert.True(code == 0, err);
        var report = JsonNode.Parse(File.ReadAllText(tmp["registered/registration.json"]))!["frames"]!.AsArray();
        Assert.Equal(2, report.Count);
        var converged = report.Count(f => f!["converged"]!.GetValue<bool>());
        var split = JsonSerializer.Deserialize<SceneSplit>(File.ReadAllText(tmp["registered/splits.json"]))!;
        Assert.Equal(converged, split.Test.Count);
        Assert.Empty(split.Train);
        Assert.True(converged > 0, "no frame registered");

        (code, var output, err) = Endodepth.Run("evaluate", "--model", "baseline:constant", "--data",
            tmp["registered"], "--fit", tmp["frames"], "--json");
        Assert.True(code == 0, err);
        Assert.True(JsonNode.Parse(output)!["count"]!.GetValue<long>() > 0, output); // pixels of the registered frames
    }

    [Fact]
    public void A_trial_reports_its_errors_the_similarity_at_the_truth_and_the_roll()
    {
        // One 32² trial on the phantom with the final stage's (1+1)-CMA-ES: the run completes and says, per trial,
        // whether the objective or the search decided the miss (the similarity at the truth) and how much of the
        // rotation error is roll.
        var (code, output, err) = Endodepth.Run("register", "trials", "--count", "1", "--size", "32", "--spp", "4",
            "--final-cma", "--backend", "ParallelFor");
        Assert.True(code == 0, err);
        Assert.Matches(@"trial +0: (NOT )?converged, [0-9.]+ mm, [0-9.]+°, depth rel [0-9.]+, similarity [0-9.-]+ " +
            @"\(at the truth [0-9.-]+\), roll -?[0-9.]+°, [0-9]+ evaluations", output);
        Assert.Contains("within 1 mm and 1°", output, StringComparison.Ordinal);
        // The trial's line comes as the trial ends, before the summary.
        Assert.True(output.IndexOf("trial   0", StringComparison.Ordinal)
            < output.IndexOf("convergence", StringComparison.Ordinal), output);
    }

    [Fact]
    public void A_trial_runs_with_the_direct_alignment_in_place_of_the_final_stages_es()
    {
        // One 32² trial with the cinematic model and only the direct alignment in the final stage.
        var (code, output, err) = Endodepth.Run("register", "trials", "--count", "1", "--size", "32", "--spp", "4",
            "--image-model", "cinematic", "--model-spp", "1", "--final-direct", "12", "--final-no-es", "--backend",
            "ParallelFor");
        Assert.True(code == 0, err);
        Assert.Matches(@"trial +0: (NOT )?converged, [0-9.]+ mm, [0-9.]+°", output);
        // Without the direct alignment the stage would have no search: refused before any work.
        (code, _, err) = Endodepth.Run("register", "trials", "--count", "1", "--size", "16", "--final-no-es",
            "--backend", "ParallelFor");
        Assert.Equal(2, code);
        Assert.Contains("direct alignment", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Trials_with_a_cinematic_model_seeded_like_the_frames_are_refused_before_any_work()
    {
        // The model's default seed is 1: with --seed 1 the virtual views would reproduce the frames' own noise.
        var (code, _, err) = Endodepth.Run("register", "trials", "--count", "1", "--size", "16", "--seed", "1",
            "--image-model", "cinematic", "--backend", "ParallelFor");
        Assert.Equal(2, code);
        Assert.Contains("seed", err, StringComparison.Ordinal);
        (code, _, _) = Endodepth.Run("register", "trials", "--count", "1", "--image-model", "cinematic",
            "--model-look", "no-such-look");
        Assert.NotEqual(0, code);
    }

    [Fact]
    public void Evaluate_on_a_folder_without_splits_says_how_to_score_it()
    {
        using var tmp = new TempFolder();
        RenderCommandTests.WriteTube(tmp["tube.nii"]);
        var (code, _, err) = Endodepth.Run("render", tmp["tube.nii"], "--views", "1", "--presets", "1", "--spp", "1",
            "--size", "16x16", "--seed", "3", "--out", tmp["frames"], "--backend", "ParallelFor");
        Assert.True(code == 0, err);
        (code, _, err) = Endodepth.Run("evaluate", "--model", "baseline:constant", "--data", tmp["frames"]);
        Assert.Equal(2, code);
        Assert.Contains("--split Train", err, StringComparison.Ordinal);
    }
}
