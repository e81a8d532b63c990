using System.Text.Json.Nodes;

namespace EndoDepth.Crf.Tests;

/// <summary>
/// A model file whose settings, kind or weights are hostile is refused on load with one <see cref="ModelFileException"/>
/// naming the file — before any network of a hostile size is built or any prediction hangs.
/// </summary>
[Collection(TorchCollection.Name)]
public class ModelFileValidationTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    /// <summary>A saved tiny model whose header or weights <paramref name="tamper"/> changed.</summary>
    private string Tampered(string name, Action<JsonObject, Dictionary<string, ModelFile.Entry>> tamper)
    {
        var path = Path.Combine(data.Root, name + ".edcrf");
        using (var model = CrfModel.Create(data.Settings, seed: 5)) model.Save(path);
        var (header, tensors) = ModelFile.Read(path);
        tamper(header, tensors);
        ModelFile.Write(path, header, [.. tensors.Values]);
        return path;
    }

    private static JsonObject Settings(JsonObject header) => (JsonObject)header["settings"]!;

    public static TheoryData<string, string> HostileSettings => new()
    {
        { "bins", "HistogramBins" },
        { "batch", "InferenceBatch" },
        { "iterations", "Iterations" },
        { "superpixels", "Count" },
        { "width", "ConvChannels" },
        { "sigma", "SpatialSigma" },
    };

    [Theory]
    [MemberData(nameof(HostileSettings))]
    public void Out_of_range_settings_are_refused_naming_the_file_and_the_setting(string name, string setting)
    {
        var path = Tampered(name, (header, _) =>
        {
            var s = Settings(header);
            switch (name)
            {
                case "bins": s["Pairwise"]!["HistogramBins"] = 2_000_000_000; break;
                case "batch": s["InferenceBatch"] = 0; break;
                case "iterations": s["Slic"]!["Iterations"] = 2_000_000_000; break;
                case "superpixels": s["Slic"]!["Count"] = int.MaxValue; break;
                case "width": s["Fcsp"]!["ConvChannels"] = new JsonArray(1 << 30, 16, 16, 16, 16); break;
                case "sigma": s["Dense"]!["SpatialSigma"] = -1.0; break;
            }
        });
        var e = Assert.Throws<ModelFileException>(() => CrfModel.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_weights_and_another_file_kind_are_refused()
    {
        var nan = Tampered("nan", (_, tensors) =>
        {
            var first = tensors.Keys.Order(StringComparer.Ordinal).First();
            tensors[first].Values[0] = float.NaN;
        });
        var e = Assert.Throws<ModelFileException>(() => CrfModel.Load(nan));
        Assert.Contains("non-finite", e.Message, StringComparison.Ordinal);

        var kind = Tampered("kind", (header, _) => header["kind"] = "endodepth-something-else");
        e = Assert.Throws<ModelFileException>(() => CrfModel.Load(kind));
        Assert.Contains("not a model file", e.Message, StringComparison.Ordinal);
        Assert.Contains(kind, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_with_values_of_the_wrong_type_or_invalid_utf8_are_refused()
    {
        // Fuzzing findings: both used to escape as System.Text.Json's InvalidOperationException.
        var number = Tampered("kind-number", (header, _) => header["kind"] = 7);
        var e = Assert.Throws<ModelFileException>(() => CrfModel.Load(number));
        Assert.Contains(number, e.Message, StringComparison.Ordinal);

        var path = Path.Combine(data.Root, "utf8.edcrf");
        using (var model = CrfModel.Create(data.Settings, seed: 5)) model.Save(path);
        var bytes = File.ReadAllBytes(path)[..^ModelFile.SumLength]; // no trailer: the header itself must be checked
        var at = bytes.AsSpan(12).IndexOf("\"settings\""u8) + 12 + 1;
        bytes[at] = 0xFF; // "settings" becomes an invalid UTF-8 name
        File.WriteAllBytes(path, bytes);
        e = Assert.Throws<ModelFileException>(() => CrfModel.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("malformed header", e.Message, StringComparison.Ordinal);
    }
}
