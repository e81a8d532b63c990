using System.Text.Json.Nodes;
using EndoDepth.Crf.Networks;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

[Collection(TorchCollection.Name)]
public class SuperpixelCuesTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    private const int W = 8, H = 6;

    /// <summary>Cues of a W×H image where every pixel is its own node, centroid at the pixel.</summary>
    private static float[,] PixelCues(ImageF image, CueGeometry geometry, CameraModel camera)
    {
        var nodeOfPixel = Enumerable.Range(0, W * H).ToArray();
        var cx = nodeOfPixel.Select(p => (float)(p % W)).ToArray();
        var cy = nodeOfPixel.Select(p => (float)(p / W)).ToArray();
        using var t = SuperpixelCues.Compute(image, nodeOfPixel, W * H, cx, cy, geometry, camera);
        var flat = t.data<float>().ToArray();
        var cues = new float[W * H, FcspNetSettings.CueCount];
        for (var p = 0; p < W * H; p++)
            for (var k = 0; k < FcspNetSettings.CueCount; k++) cues[p, k] = flat[p * FcspNetSettings.CueCount + k];
        return cues;
    }

    [Theory]
    [InlineData(ProjectionKind.Pinhole)]
    [InlineData(ProjectionKind.EquidistantFisheye)]
    public void Ray_cues_are_the_rays_direction_and_log_cosine_from_the_intrinsics(ProjectionKind kind)
    {
        var camera = new CameraModel(kind, W, H, 5f, 4f, 3.7f, 3.2f, 1.4f);
        var cues = PixelCues(new ImageF(W, H), CueGeometry.CameraRay, camera);
        for (var p = 0; p < W * H; p++)
        {
            // Pixel centre (x + 0.5, y + 0.5); pinhole: d ∝ (mx, my, 1);
            // equidistant fisheye: θ = |m|, d = (m̂ sin θ, cos θ).
            double mx = (p % W + 0.5 - 3.7) / 5, my = (p / W + 0.5 - 3.2) / 4, m = Math.Sqrt(mx * mx + my * my);
            var (dx, dy, dz) = kind == ProjectionKind.Pinhole
                ? (mx / Math.Sqrt(1 + m * m), my / Math.Sqrt(1 + m * m), 1 / Math.Sqrt(1 + m * m))
                : (mx * Math.Sin(m) / m, my * Math.Sin(m) / m, Math.Cos(m));
            Assert.Equal(dx, cues[p, 0], 1e-5);
            Assert.Equal(dy, cues[p, 1], 1e-5);
            Assert.Equal(Math.Log(Math.Max(dz, 0.05)), cues[p, 2], 1e-5);
        }
    }

    [Fact]
    public void One_ray_gives_the_same_position_cues_under_every_lens_and_camera_resolution()
    {
        // The ray at θ = 30°, φ = 40° lands on different pixels of a 90° pinhole and a 140° fisheye.
        var ray = new Float3(MathF.Sin(MathF.PI / 6) * MathF.Cos(0.7f), MathF.Sin(MathF.PI / 6) * MathF.Sin(0.7f),
            MathF.Cos(MathF.PI / 6));
        var image = new ImageF(64, 48);
        var nodeOfPixel = new int[64 * 48];
        var all = new List<float[]>();
        var cameras = new[]
        {
            CameraModel.Pinhole(64, 48, 90), CameraModel.Fisheye(64, 48, 140), CameraModel.Fisheye(640, 480, 140),
        };
        foreach (var camera in cameras)
        {
            var atImage = camera.Resized(64, 48);
            Assert.True(atImage.Project(ray, out var u, out var v));
            using var t = SuperpixelCues.Compute(image, nodeOfPixel, 1, [u - 0.5f], [v - 0.5f], CueGeometry.CameraRay,
                camera);
            all.Add(t.data<float>().ToArray());
        }
        foreach (var cues in all.Skip(1))
            for (var k = 0; k < 3; k++) Assert.Equal(all[0][k], cues[k], 1e-4f);
        Assert.Equal(Math.Log(Math.Cos(Math.PI / 6)), all[0][2], 1e-4);
    }

    [Fact]
    public void Image_position_cues_ignore_the_camera_and_luminance_is_the_log_mean_linear_luminance()
    {
        var image = new ImageF(W, H);
        for (var p = 0; p < W * H; p++) image[p % W, p / W] = 0.5f;
        var a = PixelCues(image, CueGeometry.ImagePosition, CameraModel.Pinhole(W, H, 60));
        var b = PixelCues(image, CueGeometry.ImagePosition, CameraModel.Fisheye(W, H, 160));
        Assert.Equal(a, b);
        var half = Math.Max(W, H) / 2.0;
        for (var p = 0; p < W * H; p++)
        {
            double dx = (p % W - (W - 1) / 2.0) / half, dy = (p / W - (H - 1) / 2.0) / half;
            Assert.Equal(dx, a[p, 0], 1e-6);
            Assert.Equal(Math.Sqrt(dx * dx + dy * dy), a[p, 2], 1e-6);
            Assert.Equal((Math.Log(Math.Pow(0.5, 2.2) + 1e-4) + 4) / 2, a[p, 3], 1e-5);
        }
    }

    [Fact]
    public void A_ray_cue_model_reads_the_camera_and_an_image_position_model_does_not()
    {
        var image = TinyDataset.Item(5).Image;
        CameraModel narrow = CameraModel.Pinhole(32, 32, 50), wide = CameraModel.Fisheye(32, 32, 150);
        foreach (var geometry in new[] { CueGeometry.CameraRay, CueGeometry.ImagePosition })
        {
            var settings = data.Settings with { Fcsp = data.Settings.Fcsp with { CueGeometry = geometry } };
            using var model = CrfModel.Create(settings, seed: 4);
            using var estimator = new DepthEstimator(model);
            var a = estimator.Estimate(image, narrow).Millimetres;
            var b = estimator.Estimate(image, wide).Millimetres;
            if (geometry == CueGeometry.CameraRay) Assert.NotEqual(a, b);
            else Assert.Equal(a, b);
            // No camera means the assumed one, or the estimator's own when set.
            Assert.Equal(estimator.Estimate(image, SuperpixelCues.AssumedCamera(32, 32)).Millimetres,
                estimator.Estimate(image).Millimetres);
            estimator.Camera = wide;
            Assert.Equal(b, estimator.Estimate(image).Millimetres);
        }
    }

    [Fact]
    public void The_cue_geometry_survives_a_save_and_a_file_without_one_loads_as_image_positions()
    {
        var path = Path.Combine(data.Root, "cues.edcrf");
        using (var model = CrfModel.Create(data.Settings, seed: 2)) model.Save(path);
        using (var loaded = CrfModel.Load(path)) Assert.Equal(CueGeometry.CameraRay, loaded.Settings.Fcsp.CueGeometry);

        // A file written before the cue geometry existed: image-position cues, "cues=4" in its architecture.
        var settings = data.Settings with
        {
            Fcsp = data.Settings.Fcsp with { CueGeometry = CueGeometry.ImagePosition },
        };
        using (var model = CrfModel.Create(settings, seed: 2)) model.Save(path);
        var (header, tensors) = ModelFile.Read(path);
        Assert.Contains("cues=4;", header["architecture"]!.GetValue<string>());
        ((JsonObject)header["settings"]!["Fcsp"]!).Remove("CueGeometry");
        ModelFile.Write(path, header, [.. tensors.Values]);
        using var old = CrfModel.Load(path);
        Assert.Equal(CueGeometry.ImagePosition, old.Settings.Fcsp.CueGeometry);
    }

    [Fact]
    public void Training_examples_carry_their_items_camera()
    {
        var expected = data.Folder.LoadCamera(data.Folder.ReadManifest()[0]);
        Assert.NotNull(expected);
        Assert.All(data.Examples, e => Assert.Equal(expected, e.Camera));
    }
}
