using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.Geometry.Calibration;
using System.Text.Json;

namespace EndoDepth.Core.Tests.Geometry;

/// <summary>Bad calibration files give a typed error naming the file and the field; records keep the full model.</summary>
public class CameraCalibrationFileTests
{
    private const string KannalaBrandt = """
        {"model": "kannala-brandt", "width": 320, "height": 320, "fx": 105, "fy": 105, "cx": 160.7, "cy": 160.1,
         "k1": 0.02, "k2": -0.01, "k3": 0.002, "k4": -0.0003, "max_theta_deg": 85}
        """;

    [Theory]
    [InlineData("""{"model": "fisheye-polynomial", "width": 10, "height": 10}""", "model")]
    [InlineData("""{"model": "kannala-brandt", "width": 320, "height": 320, "fx": 105, "fy": 105, "cx": 160, "cy": 160, "k1": 0.02, "k2": -0.01, "k3": 0.002}""", "k4")]
    [InlineData("""{"model": "brown-conrady", "width": 64, "height": 48, "fx": 50, "fy": 50, "cx": 32, "cy": 24, "k1": 1e999, "k2": 0, "p1": 0, "p2": 0}""", "k1")]
    [InlineData("""{"model": "brown-conrady", "width": 64, "height": 48, "fx": 50, "fy": 50, "cx": 32, "cy": 24, "k1": 0, "k2": 0, "p1": 0, "p2": 0, "k5": 0}""", "k5")]
    [InlineData("""{"model": "pinhole", "width": 64.5, "height": 48, "fx": 50, "fy": 50, "cx": 32, "cy": 24}""", "width")]
    [InlineData("""{"model": "pinhole", "width": 64, "height": 48, "fx": "50", "fy": 50, "cx": 32, "cy": 24}""", "fx")]
    [InlineData("""{"model": "kannala-brandt", "width": 100, "height": 100, "fx": 50, "fy": 50, "cx": 50, "cy": 50, "k1": -0.2, "k2": 0, "k3": 0, "k4": 0}""", "k1..k4")]
    [InlineData("""{"model": "kannala-brandt", "width": 100, "height": 100, "fx": 50, "fy": 50, "cx": 50, "cy": 50, "k1": -0.2, "k2": 0, "k3": 0, "k4": 0, "max_theta_deg": 80}""", "max_theta_deg")]
    [InlineData("""{"model": "scaramuzza", "width": 320, "height": 240, "cx": 160, "cy": 120, "a0": -150, "a2": 0, "a3": 0, "a4": 0, "c": 1, "d": 0, "e": 0}""", "a0..a5")]
    [InlineData("""{"width": 64, "height": 48, "camera_matrix": [[50, 0, 32], [0, 50, 24], [0, 0, 1]], "dist_coeffs": [0.1, 0.01, 0]}""", "dist_coeffs")]
    [InlineData("""{"width": 64, "height": 48, "camera_matrix": [[50, 0, 32], [0, 50, 24], [0, 0, 1]], "dist_coeffs": [0, 0, 0, 0], "distortion_model": "rational"}""", "distortion_model")]
    [InlineData("""{"width": 64, "height": 48, "camera_matrix": [50, 1, 32, 0, 50, 24, 0, 0, 1], "dist_coeffs": [0, 0, 0, 0]}""", "camera_matrix")]
    [InlineData("width=1350\nheight=1080\ncx=678.5\ncy=543\na0=769\na2=-0.0008\na3=6e-7\na4=-1.2e-9\nc=1\nd=0\n", "e")]
    [InlineData("width=1350\nheight=1080\ncx=abc\n", "cx")]
    public void A_bad_file_names_itself_and_the_field(string text, string field)
    {
        var path = Path.Combine(Path.GetTempPath(), $"endodepth-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        try
        {
            var e = Assert.Throws<CameraCalibrationException>(() => CameraCalibration.Load(path));
            Assert.Equal(field, e.Field);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains(field, e.Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1, 2]")]
    [InlineData("just some words")]
    public void Malformed_text_is_a_calibration_error(string text) =>
        Assert.Throws<CameraCalibrationException>(() => CameraCalibration.Parse(text, "mem"));

    [Fact]
    public void A_missing_file_is_file_not_found() =>
        Assert.Throws<FileNotFoundException>(() => CameraCalibration.Load("/nonexistent/camera.json"));

    [Fact]
    public void A_record_keeps_the_full_lens_model_through_json()
    {
        foreach (var cam in new[]
        {
            CameraCalibration.Parse(KannalaBrandt, "kb"),
            CameraCalibration.Load(RepoFixtures.Cameras("bc_vga.json")),
            CameraCalibration.Load(RepoFixtures.Cameras("scaramuzza_small.json")),
        })
        {
            var json = JsonSerializer.Serialize(CameraRecord.From(cam));
            var back = JsonSerializer.Deserialize<CameraRecord>(json)!.ToCamera();
            Assert.Equal(cam, back);
        }
    }

    [Fact]
    public void A_dataset_camera_record_is_a_calibration_file()
    {
        foreach (var cam in new[]
        {
            CameraCalibration.Parse(KannalaBrandt, "kb"),
            CameraCalibration.Load(RepoFixtures.Cameras("scaramuzza_c3vd.json")),
            CameraModel.Fisheye(64, 48, 150f),
        })
            Assert.Equal(cam, CameraCalibration.Parse(JsonSerializer.Serialize(CameraRecord.From(cam)), "record"));
    }

    [Fact]
    public void A_record_written_before_lens_models_still_reads()
    {
        const string old = """{"model":"fisheye-equidistant","width":64,"height":48,"fx":20.5,"fy":20.5,"cx":32,"cy":24,"max_theta_deg":85}""";
        var record = JsonSerializer.Deserialize<CameraRecord>(old)!;
        Assert.Null(record.Coefficients);
        Assert.Equal(ProjectionKind.EquidistantFisheye, record.ToCamera().Kind);
        Assert.DoesNotContain("coefficients", JsonSerializer.Serialize(record), StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_with_missing_coefficients_is_a_format_error()
    {
        var record = CameraRecord.From(CameraCalibration.Parse(KannalaBrandt, "kb")) with { Coefficients = null };
        Assert.Throws<FormatException>(() => record.ToCamera());
    }
}
