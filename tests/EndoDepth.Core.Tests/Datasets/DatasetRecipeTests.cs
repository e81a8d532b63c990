using EndoDepth.Datasets;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.Datasets;

/// <summary>A dataset folder resumes only the dataset it was made for (<see cref="DatasetRecipe"/>).</summary>
public sealed class DatasetRecipeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"endodepth-recipe-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static DatasetRecipe Recipe(int seed, int count, string size = "16x16") => new("count", count,
        new Dictionary<string, string> { ["seed"] = $"{seed}", ["size"] = size });

    [Fact]
    public void The_same_arguments_resume_and_a_larger_count_extends_the_recorded_recipe()
    {
        var folder = new DatasetFolder(_root);
        using (folder.BeginWrite(Recipe(5, 3))) { }
        using (folder.BeginWrite(Recipe(5, 3))) { }
        using (folder.BeginWrite(Recipe(5, 8))) { }
        var recorded = DatasetRecipe.Load(_root)!;
        Assert.Equal(8, recorded.Count);
        Assert.Equal("5", recorded.Arguments["seed"]);
    }

    [Theory]
    [InlineData(6, 3, "16x16", "seed", "5", "6")]
    [InlineData(5, 3, "32x32", "size", "16x16", "32x32")]
    [InlineData(5, 2, "16x16", "count", "3", "2")]
    public void Other_arguments_are_refused_naming_the_difference_and_the_folder_is_left_as_it_was(int seed,
        int count, string size, string argument, string recorded, string requested)
    {
        var folder = new DatasetFolder(_root);
        using (folder.BeginWrite(Recipe(5, 3))) { }
        var before = File.ReadAllText(Path.Combine(_root, DatasetRecipe.FileName));
        var e = Assert.Throws<DatasetRecipeException>(() => folder.BeginWrite(Recipe(seed, count, size)));
        Assert.Equal((argument, recorded, requested), (e.Argument, e.Recorded, e.Requested));
        Assert.Contains(folder.Root, e.Message, StringComparison.Ordinal);
        Assert.Contains($"made with {argument} {recorded}, not {requested}", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_root, DatasetRecipe.FileName)));
        using (folder.BeginWrite(Recipe(5, 3))) { } // the refusal released the lock
    }

    [Fact]
    public void A_folder_recorded_before_splits_resumes_with_split_arguments_but_a_recorded_split_must_match()
    {
        var folder = new DatasetFolder(_root);
        using (folder.BeginWrite(Recipe(5, 3))) { }
        DatasetRecipe WithSplit(string fraction) => new("count", 3, new Dictionary<string, string>
            { ["seed"] = "5", ["size"] = "16x16", ["test-fraction"] = fraction, ["split-seed"] = "0" });
        using (folder.BeginWrite(WithSplit("0.2"))) { }
        Assert.Equal("0.2", DatasetRecipe.Load(_root)!.Arguments["test-fraction"]);
        var e = Assert.Throws<DatasetRecipeException>(() => folder.BeginWrite(WithSplit("0.5")));
        Assert.Equal("test-fraction", e.Argument);
    }

    [Fact]
    public void Starting_over_deletes_the_dataset_files_only_and_takes_the_new_recipe()
    {
        var folder = new DatasetFolder(_root);
        using (folder.BeginWrite(Recipe(5, 3)))
        {
            Directory.CreateDirectory(folder.Resolve("items"));
            File.WriteAllText(folder.RecordPath("0000001"), "{}");
            File.WriteAllText(folder.Resolve(DatasetFolder.ManifestFileName), "");
            File.WriteAllText(folder.Resolve("notes.txt"), "mine");
        }
        folder.StartOver();
        using (folder.BeginWrite(Recipe(6, 3))) { }
        Assert.False(Directory.Exists(folder.Resolve("items")));
        Assert.False(File.Exists(folder.Resolve(DatasetFolder.ManifestFileName)));
        Assert.True(File.Exists(folder.Resolve("notes.txt")));
        Assert.Equal("6", DatasetRecipe.Load(_root)!.Arguments["seed"]);
    }

    [Fact]
    public void Beginning_a_write_locks_the_folder_and_deletes_the_temporaries_of_a_killed_run()
    {
        var folder = new DatasetFolder(_root);
        Directory.CreateDirectory(folder.Resolve("depth"));
        var stale = folder.Resolve("depth/.0000004.npy.4242.0123456789abcdef.tmp");
        File.WriteAllText(stale, "half");
        using (folder.BeginWrite())
        {
            Assert.False(File.Exists(stale));
            Assert.Throws<FolderInUseException>(() => folder.BeginWrite());
        }
    }
}
