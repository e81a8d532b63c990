using System.Globalization;
using EndoDepth.Datasets;
using EndoDepth.Experiments;
using EndoDepth.Geometry;
using EndoDepth.Randomness;

namespace EndoDepth.Cli.Tests.Experiments;

/// <summary>
/// The experiment's synthetic data stage with the library's parts at the tiny scale, as the runner calls it.
/// </summary>
public sealed class ExperimentDataTests
{
    private static readonly ExperimentScale Scale = ExperimentScale.Tiny;

    private static void WriteSynthetic(string root, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        const int seed = 5;
        var parts = PaperParts.Create(Scale);
        var protocol = ExperimentProtocol.Create(Scale, seed, ["a"], ["b"], null);
        new ExperimentDatasets(parts, Scale)
            .WriteSynthetic(root, Scale.PretrainSizes[0], protocol.SyntheticPhantoms,
                Seed.Derive(seed, ExperimentStreams.SyntheticImages), progress, ct);
    }

    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllBytes);

    [Fact]
    public void Synthetic_items_carry_their_own_light_rig_and_noise_seed_and_spread_over_the_protocol_phantoms()
    {
        using var tmp = new TempFolder();
        WriteSynthetic(tmp["synthetic"]);
        var items = new DatasetFolder(tmp["synthetic"]).ReadManifest();
        Assert.Equal(Scale.PretrainSizes[0], items.Count);
        var protocol = ExperimentProtocol.Create(Scale, 5, ["a"], ["b"], null);
        foreach (var it in items)
        {
            var rig = LightRig.Parse(it.Meta!["light_rig"]);
            Assert.InRange(rig.Lights.Count, 2, 3);
            Assert.Equal(int.Parse(it.Meta["lights"], CultureInfo.InvariantCulture), rig.Lights.Count);
            Assert.Contains(int.Parse(it.Meta["phantom_seed"], CultureInfo.InvariantCulture),
                protocol.SyntheticPhantoms);
        }
        // No two images share a noise field: every item has its own sensor-noise seed.
        Assert.Equal(items.Count, items.Select(i => i.Meta!["noise_seed"]).Distinct().Count());
        // Both rig sizes occur, and the rigs differ between items.
        Assert.Equal([2, 3], items.Select(i => LightRig.Parse(i.Meta!["light_rig"]).Lights.Count).Distinct().Order());
        Assert.True(items.Select(i => i.Meta!["light_rig"]).Distinct().Count() > items.Count / 2);
        // The smaller pre-training set (its first N items) still spreads over every phantom.
        var first = items.Take(Scale.PretrainSizes[1])
            .Select(i => int.Parse(i.Meta!["phantom_seed"], CultureInfo.InvariantCulture)).Distinct().Order();
        Assert.Equal(protocol.SyntheticPhantoms.Order(), first);
    }

    [Fact]
    public void A_resumed_synthetic_stage_gives_the_bytes_of_an_uninterrupted_one()
    {
        using var tmp = new TempFolder();
        WriteSynthetic(tmp["whole"]);
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => WriteSynthetic(tmp["resumed"],
            new ProgressRelay<double>(f => { if (f >= 0.3) cts.Cancel(); }), cts.Token));
        Assert.InRange(new DatasetFolder(tmp["resumed"]).ReadManifest().Count, 1, Scale.PretrainSizes[0] - 1);
        WriteSynthetic(tmp["resumed"]);
        Assert.Equal(Files(tmp["whole"]), Files(tmp["resumed"]));
    }
}
