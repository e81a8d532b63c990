using System.Globalization;
using System.Text.Json;
using EndoDepth.Crf;
using EndoDepth.Crf.Networks;
using EndoDepth.Imaging;

namespace EndoDepth.Cli.Tests.Estimator;

/// <summary>
/// The pretrained model shipped in EndoDepth.Crf: it loads from the assembly, is the documented architecture, and on
/// synthetic frames it never saw (other seeds, so other colons, lights and noise; a 70° pinhole camera it was not
/// trained with, and the 140° fisheye), averaged over both cameras, it beats the inverse-square shading formula and
/// the per-pixel prior, median-aligned — both fitted on frames of the same camera, which the model was not.
/// </summary>
public sealed class ShippedModelTests
{
    [Fact]
    public void The_default_model_loads_from_the_assembly_as_the_documented_fcsp_network()
    {
        using var model = CrfModel.LoadDefault();
        Assert.Equal(UnaryKind.Fcsp, model.Settings.UnaryKind);
        Assert.Equal(FcspNetSettings.Compact(128).Architecture, model.Settings.Fcsp.Architecture);
        var image = new ImageF(96, 80);
        for (var y = 0; y < 80; y++)
            for (var x = 0; x < 96; x++)
                image[x, y] = (float)(0.2 + 0.6 * Math.Exp(-((x - 48) * (x - 48) + (y - 40) * (y - 40)) / 800.0));
        var depth = model.Predict(image);
        Assert.Equal((96, 80), (depth.Width, depth.Height));
        Assert.All(depth.Millimetres, d => Assert.True(float.IsFinite(d) && d > 0));
    }

    [Fact]
    public void Over_a_narrow_and_a_wide_angle_camera_it_beats_the_shading_formula_and_the_prior_median_aligned()
    {
        using var tmp = new TempFolder();
        // For each camera, frames from seeds the model never saw: some to fit the baselines on, some to test.
        var cameras = new[] { ("narrow", new[] { "--pinhole", "--fov", "70" }), ("wide", new[] { "--fov", "140" }) };
        double shipped = 0, shading = 0, prior = 0;
        foreach (var (camera, options) in cameras)
        {
            foreach (var (name, seed, count) in new[] { ("fit", "71", "24"), ("test", "72", "12") })
            {
                var (code, _, err) = Endodepth.Run(["synth", "--count", count, "--size", "128x128", "--seed", seed,
                    "--views-per-phantom", "6", .. options, "--out", tmp[camera + name]]);
                Assert.True(code == 0, err);
            }
            double Rel(params string[] model)
            {
                var (code, output, err) = Endodepth.Run(["evaluate", .. model, "--data", tmp[camera + "test"],
                    "--split", "Train", "--align", "Median", "--json", "--threads", "1"]);
                Assert.True(code == 0, err);
                return JsonDocument.Parse(output).RootElement.GetProperty("rel").GetDouble() / cameras.Length;
            }
            shipped += Rel();
            shading += Rel("--model", "baseline:shading", "--fit", tmp[camera + "fit"]);
            prior += Rel("--model", "baseline:prior", "--fit", tmp[camera + "fit"]);
        }
        Assert.True(shipped < shading && shipped < prior,
            string.Create(CultureInfo.InvariantCulture,
                $"mean median-aligned rel: shipped {shipped:F3}, shading {shading:F3}, prior {prior:F3}"));
    }
}
