namespace EndoDepth.Crf.Tests;

/// <summary>
/// Model files end with a SHA-256 of their contents: no flipped bit, truncation or appended byte loads silently, and
/// files written before the checksum existed still load.
/// </summary>
[Collection(TorchCollection.Name)]
public class ModelFileChecksumTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    private string Saved(string name)
    {
        var path = Path.Combine(data.Root, name + ".edcrf");
        using var model = CrfModel.Create(data.Settings, seed: 6);
        model.Save(path);
        return path;
    }

    [Fact]
    public void Every_sampled_single_bit_flip_is_refused_naming_the_file()
    {
        var path = Saved("flips");
        var original = File.ReadAllBytes(path);
        Assert.Equal("EDCRFSUM"u8.ToArray(), original[^40..^32]);
        var rng = new Random(11);
        // Positions in the magic, the header, the weights and the trailer, and 40 more anywhere.
        var positions = new[] { 3, 10, 20, original.Length / 2, original.Length - 41, original.Length - 36,
            original.Length - 1 }.Concat(Enumerable.Range(0, 40).Select(_ => rng.Next(original.Length)));
        foreach (var position in positions)
        {
            var bytes = (byte[])original.Clone();
            bytes[position] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(path, bytes);
            var e = Assert.ThrowsAny<Exception>(() => CrfModel.Load(path).Dispose());
            Assert.True(e is ModelFileException, $"byte {position}: {e.GetType().Name}: {e.Message}");
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Truncated_and_appended_files_are_refused_and_a_file_without_the_trailer_loads()
    {
        var path = Saved("ends");
        var original = File.ReadAllBytes(path);
        using (var model = CrfModel.Load(path)) Assert.NotNull(model);

        File.WriteAllBytes(path, [.. original, 0]);
        Assert.Throws<ModelFileException>(() => CrfModel.Load(path).Dispose());
        File.WriteAllBytes(path, original[..^1]);
        Assert.Throws<ModelFileException>(() => CrfModel.Load(path).Dispose());

        // The format before the checksum: the same bytes without the 40-byte trailer.
        File.WriteAllBytes(path, original[..^40]);
        using var old = CrfModel.Load(path);
        using var fresh = CrfModel.Create(data.Settings, seed: 6);
        Assert.Equal(fresh.Entries().Select(e => e.Values), old.Entries().Select(e => e.Values));
    }
}
