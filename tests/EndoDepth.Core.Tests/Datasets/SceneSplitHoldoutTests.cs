using EndoDepth.Datasets;

namespace EndoDepth.Core.Tests.Datasets;

/// <summary><see cref="SceneSplit.Holdout"/>: groups never straddle splits, more items never move a group, and with two
/// groups or more neither split is left empty while the fraction asks for both.</summary>
public class SceneSplitHoldoutTests
{
    private static DatasetItem Item(string scene, string volume) =>
        new($"{scene}-i", scene, null, "i.png", "d.npy", new CameraRecord("pinhole", 4, 4, 4, 4, 2, 2, 0), null, "test")
        {
            Meta = new Dictionary<string, string> { ["volume"] = volume },
        };

    [Fact]
    public void Views_of_one_volume_stay_together_and_more_volumes_never_move_one()
    {
        var items = Enumerable.Range(0, 40).Select(i => Item($"v{i / 4}-view{i % 4}", $"v{i / 4}")).ToList();
        string Volume(DatasetItem i) => i.Meta!["volume"];
        var split = SceneSplit.Holdout(items, 0.3, seed: 2, groupOf: Volume);
        split.Validate("(test)");
        foreach (var g in items.GroupBy(Volume))
            Assert.Single(g.Select(i => split.Test.Contains(i.SceneId)).Distinct());
        var grown = SceneSplit.Holdout(items.Concat(Enumerable.Range(40, 20)
            .Select(i => Item($"v{i / 4}-view{i % 4}", $"v{i / 4}"))), 0.3, seed: 2, groupOf: Volume);
        Assert.All(split.Test, s => Assert.Contains(s, grown.Test));
        Assert.All(split.Train, s => Assert.Contains(s, grown.Train));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.99)]
    public void Two_groups_give_one_to_each_split_whatever_the_hash(double fraction)
    {
        var split = SceneSplit.Holdout([Item("a", "a"), Item("b", "b")], fraction);
        Assert.Equal((1, 1), (split.Train.Count, split.Test.Count));
    }

    [Fact]
    public void One_group_is_train_unless_the_fraction_is_one_and_zero_keeps_all_in_train()
    {
        Assert.Equal(["a"], SceneSplit.Holdout([Item("a", "a")], 0.5).Train);
        Assert.Equal(["a"], SceneSplit.Holdout([Item("a", "a")], 1).Test);
        Assert.Empty(SceneSplit.Holdout([Item("a", "a"), Item("b", "b")], 0).Test);
        Assert.Throws<ArgumentOutOfRangeException>(() => SceneSplit.Holdout([Item("a", "a")], 1.5));
    }
}
