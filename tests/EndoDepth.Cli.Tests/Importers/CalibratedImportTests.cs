using EndoDepth.Datasets;
using EndoDepth.Geometry;

namespace EndoDepth.Cli.Tests.Importers;

/// <summary>
/// <c>endodepth import c3vd --calibration FILE</c> records C3VD's omnidirectional calibration (DurrLab/C3VD's published
/// intrinsics, tests/fixtures/cameras/c3vd_calibration.txt) scaled to each image, instead of the nominal pinhole.
/// </summary>
public sealed class CalibratedImportTests
{
    private static string Source => Path.Combine(AppContext.BaseDirectory, "fixtures", "importers", "c3vd");

    private static string Calibration =>
        Path.GetFullPath(Path.Combine(Endodepth.Fixture(), "..", "cameras", "c3vd_calibration.txt"));

    [Fact]
    public void Import_records_the_calibrated_scaramuzza_camera_scaled_to_the_images()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("import", "c3vd", Source, "--out", tmp["out"], "--calibration", Calibration);
        Assert.True(code == 0, err);
        var folder = new DatasetFolder(tmp["out"]);
        foreach (var item in folder.ReadManifest())
        {
            Assert.Equal("scaramuzza", item.Camera.Model);
            Assert.Equal("given", item.Meta!["camera"]);
            var camera = folder.LoadCamera(item)!.Value;
            var depth = folder.LoadDepth(item);
            Assert.Equal(ProjectionKind.Scaramuzza, camera.Kind);
            Assert.Equal(depth.Width, camera.Width);
            // The distortion centre scales with the image: C3VD's cx = 678.54 px (pixel centres at integers) of 1350.
            Assert.Equal((678.544839263292 + 0.5) * depth.Width / 1350, camera.Cx, 3);
            Assert.True(camera.Unproject(camera.Cx, camera.Cy, out var axis) && axis.Z > 0.999999f);
        }
    }

    [Fact]
    public void Without_a_calibration_the_nominal_camera_is_kept()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("import", "c3vd", Source, "--out", tmp["out"]);
        Assert.True(code == 0, err);
        var item = new DatasetFolder(tmp["out"]).ReadManifest()[0];
        Assert.Equal(CameraRecord.PinholeName, item.Camera.Model);
        Assert.Equal("nominal", item.Meta!["camera"]);
    }

    [Fact]
    public void A_bad_calibration_is_bad_input_naming_the_file_and_field()
    {
        using var tmp = new TempFolder();
        var bad = tmp["bad.json"];
        File.WriteAllText(bad, """{"model": "scaramuzza", "width": 1350, "height": 1080, "cx": 678, "cy": 543}""");
        var (code, output, err) = Endodepth.Run("import", "c3vd", Source, "--out", tmp["out"], "--calibration", bad);
        Assert.Equal(2, code);
        Assert.Contains("bad.json", output + err, StringComparison.Ordinal);
        Assert.Contains("a0", output + err, StringComparison.Ordinal);
    }
}
