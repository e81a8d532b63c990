using EndoDepth.Abstractions;
using EndoDepth.Crf.Training;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

[Collection(TorchCollection.Name)]
public class DepthEstimatorTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    [Fact]
    public void Estimator_returns_maps_of_the_image_size_in_input_order_and_reports_progress()
    {
        using var model = CrfModel.Create(data.Settings, seed: 8);
        new CrfTrainer(model, new TrainingSettings(Epochs: 1, Seed: 3)).Train(data.Examples);
        using var estimator = new DepthEstimator(model);
        var e = AsInterface(estimator);
        var images = new[] { TinyDataset.Item(40).Image, TinyDataset.Item(41).Image.ToRgb() };
        var done = new List<int>();
        var maps = e.EstimateBatch(images, new SyncProgress<int>(done.Add));
        Assert.Equal([1, 2], done);
        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal(32, maps[i].Width);
            Assert.Equal(32, maps[i].Height);
            Assert.Equal(32 * 32, maps[i].ValidCount);
            Assert.Equal(e.Estimate(images[i]).Millimetres, maps[i].Millimetres);
        }
        // Grey enters as three equal channels: the grey image and its RGB copy give the same superpixels, patches and
        // similarities (up to float rounding).
        var grey = e.Estimate(images[0]).Millimetres;
        var rgb = e.Estimate(images[0].ToRgb()).Millimetres;
        for (var p = 0; p < grey.Length; p++) Assert.Equal(grey[p], rgb[p], 1e-4f * grey[p]);
    }

    private static IDepthEstimator AsInterface(IDepthEstimator e) => e;

    [Fact]
    public void A_depth_map_of_another_size_is_refused_with_the_item_named()
    {
        var (img, _) = TinyDataset.Item(1);
        var e = Assert.Throws<ArgumentException>(
            () => TrainingExample.Create("x7", img, new DepthMap(16, 16), data.Settings));
        Assert.Contains("x7", e.Message, StringComparison.Ordinal);
    }
}
