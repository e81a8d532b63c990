using EndoDepth.IO;
using EndoDepth.Volumes;

namespace EndoDepth.Cli.Tests.Tomography;

/// <summary>`endodepth ct fbp | project | reconstruct`.</summary>
public class CtCommandTests
{
    private static string Tomography(string name) => Endodepth.Fixture("..", "tomography", name);

    [Fact]
    public void Ct_fbp_reproduces_scikit_image_iradon()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("ct", "fbp", Tomography("even64_sinogram.npy"), "--angles",
            Tomography("even64_angles.npy"), "--out", tmp["image.npy"], "--filter", "ram-lak", "--backend",
            "ParallelFor");
        Assert.True(code == 0, err);
        var image = NpyFile.Read(tmp["image.npy"]);
        var expected = NpyFile.Read(Tomography("even64_iradon_ramp.npy"));
        Assert.Equal(expected.Shape, image.Shape);
        var peak = expected.Values.Max(Math.Abs);
        for (var n = 0; n < image.Values.Length; n++)
            Assert.True(Math.Abs(image.Values[n] - expected.Values[n]) <= 1e-5 * peak, $"pixel {n}");
    }

    [Fact]
    public void Ct_fbp_with_nan_in_the_sinogram_exits_2_with_one_line()
    {
        using var tmp = new TempFolder();
        var values = new float[16 * 4];
        values[5] = float.NaN;
        NpyFile.WriteFloat32(tmp["s.npy"], values, [16, 4]);
        NpyFile.WriteFloat32(tmp["a.npy"], [0, 45, 90, 135], [4]);
        var (code, _, err) = Endodepth.Run("ct", "fbp", tmp["s.npy"], "--angles", tmp["a.npy"], "--out",
            tmp["o.npy"]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("NaN", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Ct_project_then_reconstruct_recovers_an_air_tube_in_soft_tissue()
    {
        using var tmp = new TempFolder();
        RenderCommandTests.WriteTube(tmp["tube.nii"]); // 28×28×60, air (−1000) radius 7 mm in 40 HU tissue
        var (code, _, err) = Endodepth.Run("ct", "project", tmp["tube.nii"], "--geometry", "cone", "--views", "60",
            "--size", "48x72", "--out", tmp["scan"], "--photons", "1e6", "--seed", "2", "--backend", "ParallelFor");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(tmp["scan/projections.npy"]) && File.Exists(tmp["scan/geometry.json"]));
        (code, _, err) = Endodepth.Run("ct", "reconstruct", tmp["scan"], "--out", tmp["ct.nii.gz"], "--backend",
            "ParallelFor");
        Assert.True(code == 0, err);
        var ct = NiftiFile.Read(tmp["ct.nii.gz"]);
        // The field of view is the detector's at the isocentre: 48 × 48 voxels across, 72 slices; its centre is the
        // tube's axis. Mean HU on the central slices: inside the tube (r < 4 mm) air, in the ring 9–12 mm tissue.
        double air = 0, tissue = 0;
        int nAir = 0, nTissue = 0;
        for (var k = ct.Nz / 2 - 10; k < ct.Nz / 2 + 10; k++)
            for (var j = 0; j < ct.Ny; j++)
                for (var i = 0; i < ct.Nx; i++)
                {
                    var x = (i - 0.5 * (ct.Nx - 1)) * ct.Spacing.X;
                    var y = (j - 0.5 * (ct.Ny - 1)) * ct.Spacing.Y;
                    var r = Math.Sqrt(x * x + y * y);
                    if (r < 4) { air += ct[i, j, k]; nAir++; }
                    else if (r is > 9 and < 12) { tissue += ct[i, j, k]; nTissue++; }
                }
        Assert.InRange(air / nAir, -1100, -850);
        Assert.InRange(tissue / nTissue, -60, 140);
    }

    [Fact]
    public void Ct_reconstruct_with_a_bad_geometry_exits_2_naming_the_field()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp["scan"]);
        File.WriteAllText(tmp["scan/geometry.json"], """{"beam": "fan", "anglesDegrees": [0]}""");
        NpyFile.WriteFloat32(tmp["scan/projections.npy"], new float[4], [1, 4]);
        var (code, _, err) = Endodepth.Run("ct", "reconstruct", tmp["scan"], "--out", tmp["ct.nii"]);
        Assert.Equal(2, code);
        Assert.Contains("detectorColumns", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }
}
