using System.Text.Json;
using EndoDepth.Imaging;
using EndoDepth.IO;
using EndoDepth.Metrics;

namespace EndoDepth.Core.Tests.Metrics;

/// <summary>Image error measures against scikit-image 0.19.3 (fixtures by tests/fixtures/quality/
/// make_quality_fixtures.py) and analytic values.</summary>
public class ImageQualityTests
{
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(
        RepoFixtures.Quality("expected.json"))).RootElement;

    private static ImageF Load(string name)
    {
        var a = NpyFile.Read(RepoFixtures.Quality(name + ".npy"));
        int h = (int)a.Shape[0], w = (int)a.Shape[1], c = a.Shape.Count == 3 ? (int)a.Shape[2] : 1;
        var image = new ImageF(w, h, c);
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        for (var k = 0; k < c; k++)
            image.Data[k * image.PlaneSize + y * w + x] = (float)a.Values[(y * w + x) * c + k];
        return image;
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "grey", "noisy" }, { "grey", "blurred" }, { "rgb", "noisy" }, { "rgb", "blurred" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ssim_psnr_and_relative_mse_match_scikit_image(string kind, string test)
    {
        var reference = Load(kind + "_reference");
        var image = Load($"{kind}_{test}");
        var expected = Expected.GetProperty($"{kind}_{test}");
        Assert.Equal(expected.GetProperty("ssim").GetDouble(), ImageQuality.Ssim(image, reference), 1e-9);
        Assert.Equal(expected.GetProperty("psnr").GetDouble(), ImageQuality.Psnr(image, reference), 1e-9);
        Assert.Equal(expected.GetProperty("relmse").GetDouble(), ImageQuality.RelativeMse(image, reference), 1e-12);

        var leftHalf = Enumerable.Range(0, image.Width * image.Height)
            .Select(i => i % image.Width < image.Width / 2).ToArray();
        Assert.Equal(expected.GetProperty("ssim_textured_left_half").GetDouble(),
            ImageQuality.Ssim(image, reference, region: leftHalf), 1e-9);
    }

    [Fact]
    public void Identical_images_have_ssim_one_infinite_psnr_and_zero_error()
    {
        var a = Load("grey_reference");
        Assert.Equal(1.0, ImageQuality.Ssim(a, a), 12);
        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(a, a));
        Assert.Equal(0.0, ImageQuality.RelativeMse(a, a));
    }

    [Fact]
    public void Psnr_of_a_constant_offset_is_analytic()
    {
        var a = new ImageF(8, 8);
        var b = new ImageF(8, 8);
        Array.Fill(b.Data, 0.1f);
        Assert.Equal(20.0, ImageQuality.Psnr(b, a), 5); // 10 log10(1 / 0.01)
        Assert.Equal(0.01 / 0.01, ImageQuality.RelativeMse(b, a), 5); // (0.1)² / (0 + 0.01)
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_reason()
    {
        var a = new ImageF(8, 8);
        Assert.Contains("shape", Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, new ImageF(8, 9)))
            .Message, StringComparison.Ordinal);
        Assert.Contains("at least 7", Assert.Throws<ArgumentException>(
            () => ImageQuality.Ssim(new ImageF(6, 8), new ImageF(6, 8))).Message, StringComparison.Ordinal);
        var nan = new ImageF(8, 8);
        nan.Data[9] = float.NaN;
        Assert.Contains("non-finite value at (1, 1)", Assert.Throws<ArgumentException>(
            () => ImageQuality.Psnr(nan, a)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ImageQuality.Psnr(a, a, dataRange: 0));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, a, region: new bool[3]));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, a, region: new bool[64]));
    }
}
