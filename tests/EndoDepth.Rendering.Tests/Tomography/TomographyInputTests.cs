using System.Text;
using EndoDepth.IO;
using EndoDepth.Rendering.Tomography;

namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>Bad geometry files and projection data give typed exceptions naming the file and the problem.</summary>
public sealed class TomographyInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tomo-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Cone = """
        {"beam": "cone", "detectorColumns": 4, "detectorRows": 3, "pixelPitchUMm": 1, "pixelPitchVMm": 1,
         "offsetUMm": 0, "offsetVMm": 0, "sourceIsocentreMm": 100, "sourceDetectorMm": 200, "anglesDegrees": [0, 90]}
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, Encoding.UTF8);
        return path;
    }

    [Fact]
    public void A_valid_geometry_round_trips()
    {
        var g = ScanGeometryFile.Read(Write("g.json", Cone));
        Assert.Equal(BeamKind.Cone, g.Beam);
        Assert.Equal([0.0, 90.0], g.AnglesDegrees);
        ScanGeometryFile.Write(Path.Combine(_dir, "copy.json"), g);
        var back = ScanGeometryFile.Read(Path.Combine(_dir, "copy.json"));
        Assert.Equal(ScanGeometryFile.ToJson(g), ScanGeometryFile.ToJson(back));
    }

    [Theory]
    [InlineData("\"offsetVMm\": 0,", "\"offsetVMm\": 0, \"tilt\": 3,", "tilt", "unknown field")]
    [InlineData("\"offsetVMm\": 0,", "", "offsetVMm", "missing")]
    [InlineData("\"sourceIsocentreMm\": 100", "\"sourceIsocentreMm\": 1e999", "sourceIsocentreMm", "finite")]
    [InlineData("\"sourceDetectorMm\": 200", "\"sourceDetectorMm\": 50", "sourceDetectorMm", "exceed")]
    [InlineData("\"cone\"", "\"helical\"", "beam", "must be")]
    [InlineData("[0, 90]", "[0, \"x\"]", "anglesDegrees", "finite number")]
    [InlineData("\"detectorRows\": 3", "\"detectorRows\": 2.5", "detectorRows", "integer")]
    public void A_bad_geometry_names_the_file_and_the_field(string from, string to, string field, string problem)
    {
        var path = Write("bad.json", Cone.Replace(from, to, StringComparison.Ordinal));
        var e = Assert.Throws<ScanGeometryException>(() => ScanGeometryFile.Read(path));
        Assert.Equal(field, e.Field);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_a_geometry_error()
    {
        var path = Write("broken.json", "{\"beam\": ");
        var e = Assert.Throws<ScanGeometryException>(() => ScanGeometryFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Projections_of_the_wrong_shape_are_refused_naming_both_files()
    {
        Write("geometry.json", Cone);
        NpyFile.WriteFloat32(Path.Combine(_dir, "projections.npy"), new float[2 * 4 * 4], [2, 4, 4]);
        var e = Assert.Throws<ProjectionDataException>(() => CtScan.Load(_dir));
        Assert.Contains("projections.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 4, 4)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_in_projections_is_refused_with_its_position()
    {
        Write("geometry.json", Cone);
        var values = new float[2 * 3 * 4];
        values[1 * 12 + 2 * 4 + 1] = float.NaN;
        NpyFile.WriteFloat32(Path.Combine(_dir, "projections.npy"), values, [2, 3, 4]);
        var e = Assert.Throws<ProjectionDataException>(() => CtScan.Load(_dir));
        Assert.Contains("view 1, row 2, column 1", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DataFileException>(e);
    }

    [Fact]
    public void A_sinogram_whose_angles_do_not_match_is_refused()
    {
        var sino = Path.Combine(_dir, "s.npy");
        var angles = Path.Combine(_dir, "a.npy");
        NpyFile.WriteFloat32(sino, new float[8 * 5], [8, 5]);
        NpyFile.WriteFloat32(angles, new float[4], [4]);
        var e = Assert.Throws<ProjectionDataException>(() => ScikitImageFbp.ReconstructFiles(sino, angles));
        Assert.Contains(angles, e.Message, StringComparison.Ordinal);
    }
}
