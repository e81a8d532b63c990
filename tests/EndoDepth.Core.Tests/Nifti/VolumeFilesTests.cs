using EndoDepth.Core.Tests.Nifti;
using EndoDepth.IO;
using EndoDepth.IO.Dicom;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Nifti;

public class VolumeFilesTests
{
    [Theory]
    [InlineData("dicom/series_oblique", "DICOM series", 5)]
    [InlineData("dicom/multiframe_enhanced.dcm", "DICOM file", 3)]
    [InlineData("nifti/int16_sform.nii", "NIfTI-1", 3)]
    [InlineData("nifti/uint8_scaled.nii.gz", "NIfTI-1", 4)]
    public void Open_dispatches_on_what_the_path_is(string path, string format, int slices)
    {
        var loaded = VolumeFiles.Open(VolumeFixtureFiles.Path(path.Split('/')));
        Assert.Equal(format, loaded.Format);
        Assert.Equal(slices, loaded.Volume.Nz);
    }

    [Fact]
    public void A_nifti_without_extension_is_recognised_by_its_header()
    {
        var tmp = Path.Combine(Path.GetTempPath(), $"endodepth-vol-{Guid.NewGuid():N}");
        try
        {
            File.Copy(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"), tmp);
            Assert.Equal(3, VolumeFiles.Load(tmp).Nz);
        }
        finally { File.Delete(tmp); }
    }

    [Fact]
    public void DICOM_metadata_names_series_modality_and_transfer_syntax()
    {
        var m = VolumeFiles.Open(VolumeFixtureFiles.Path("dicom", "series_oblique")).Metadata;
        Assert.Equal("2.25.4242501", m["seriesInstanceUid"]);
        Assert.Equal("CT", m["modality"]);
        Assert.Contains("Implicit VR Little Endian", m["transferSyntax"], StringComparison.Ordinal);
        Assert.Contains("2.25.4242502", m["otherSeries"], StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_paths_and_foreign_files_give_clear_errors()
    {
        Assert.Throws<FileNotFoundException>(() => VolumeFiles.Load("/nonexistent/endodepth/volume.nii"));
        var tmp = Path.Combine(Path.GetTempPath(), $"endodepth-vol-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(tmp, "this is not a volume, just some text that is long enough to look at");
            Assert.ThrowsAny<DataFileException>(() => VolumeFiles.Load(tmp));
        }
        finally { File.Delete(tmp); }
    }

    [Fact]
    public void The_source_seam_takes_the_first_reader_that_recognises_the_path()
    {
        IVolumeSource[] sources = [new NiftiVolumeSource(), new DicomVolumeSource()];
        Assert.Equal(5, VolumeFiles.Load(VolumeFixtureFiles.Path("dicom", "series_oblique"), sources).Nz);
        Assert.Equal(2, VolumeFiles.Load(VolumeFixtureFiles.Path("nifti", "int32_qform.nii"), sources).Nz);
        Assert.Throws<DataFileException>(() => VolumeFiles.Load(VolumeFixtureFiles.Path("nifti", "int32_qform.nii"),
            [new DicomVolumeSource()]));
    }

    [Theory]
    [InlineData(".nii")]
    [InlineData(".nii.gz")]
    public void An_oblique_DICOM_series_survives_a_NIfTI_round_trip(string ext)
    {
        var dicom = new DicomVolumeSource().ReadSeries(VolumeFixtureFiles.Path("dicom", "series_oblique")).Volume;
        var tmp = Path.Combine(Path.GetTempPath(), $"endodepth-vol-{Guid.NewGuid():N}{ext}");
        try
        {
            NiftiFile.Write(tmp, dicom);
            var back = VolumeFiles.Load(tmp);
            NiftiFileTests.AssertSame(dicom, back);
            // The same voxel lands at the same LPS point either way.
            var p = new EndoDepth.Geometry.Float3(3, 2, 4);
            VolumeFixtureFiles.AssertClose(dicom.VoxelToWorld(p), back.VoxelToWorld(p), 1e-5f, "world position");
        }
        finally { File.Delete(tmp); }
    }

    [Fact]
    public void HU_statistics_match_numpy()
    {
        var v = NiftiFile.Read(VolumeFixtureFiles.Path("nifti", "int32_qform.nii"));
        var a = NpyFile.Read(VolumeFixtureFiles.Path("nifti", "int32_qform.expected.npy")).Values;
        var s = HuStatistics.Of(v);
        Assert.Equal(a.Min(), s.Min);
        Assert.Equal(a.Max(), s.Max);
        Assert.Equal(a.Average(), s.Mean, 1e-9);
    }
}
