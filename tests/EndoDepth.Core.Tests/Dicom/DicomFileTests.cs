using EndoDepth.Core.Tests.Nifti;
using EndoDepth.Geometry;
using EndoDepth.IO.Dicom;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Dicom;

public class DicomFileTests
{
    private static string F(string name) => VolumeFixtureFiles.Path("dicom", name);

    [Theory]
    [InlineData("explicit_le_u12.dcm", "1.2.840.10008.1.2.1")]
    [InlineData("explicit_be_s12.dcm", "1.2.840.10008.1.2.2")]
    [InlineData("deflated_u8_mono1.dcm", "1.2.840.10008.1.2.1.99")]
    [InlineData("explicit_le_s8.dcm", "1.2.840.10008.1.2.1")]
    [InlineData("no_meta_implicit.dcm", "1.2.840.10008.1.2")]
    [InlineData("dump2dcm_u16.dcm", "1.2.840.10008.1.2.1")]
    public void Decodes_HU_as_pydicom_does(string file, string transferSyntax)
    {
        Assert.Equal(transferSyntax, DicomFile.ReadInfo(F(file)).TransferSyntax.Uid);
        var v = DicomVolumeSource.ReadFile(F(file));
        VolumeFixtureFiles.AssertVoxels(F(Path.ChangeExtension(file, ".expected.npy")), v, 1e-4);
    }

    [Fact]
    public void Integral_rescale_keeps_int16_storage_and_fractional_rescale_gives_float32()
    {
        Assert.Equal(VoxelStorage.Int16, DicomVolumeSource.ReadFile(F("explicit_le_u12.dcm")).Storage);
        Assert.Equal(VoxelStorage.Float32, DicomVolumeSource.ReadFile(F("deflated_u8_mono1.dcm")).Storage);
        // uint16 − 32768 over the full range fits int16 exactly.
        Assert.Equal(VoxelStorage.Int16, DicomVolumeSource.ReadFile(F("dump2dcm_u16.dcm")).Storage);
    }

    [Fact]
    public void Enhanced_multiframe_frames_are_sorted_along_the_normal_with_functional_group_geometry()
    {
        var info = DicomFile.ReadInfo(F("multiframe_enhanced.dcm"));
        Assert.Equal(3, info.Frames);
        Assert.Equal(-1024, info.RescaleIntercept);
        var v = DicomVolumeSource.ReadFile(F("multiframe_enhanced.dcm"));
        VolumeFixtureFiles.AssertVoxels(F("multiframe_enhanced.volume.npy"), v);
        VolumeFixtureFiles.AssertClose(new Float3(0.5f, 0.6f, 2f), v.Spacing, 1e-5f,
            "spacing (from positions, not the 5 mm thickness)");
        VolumeFixtureFiles.AssertClose(new Float3(10, 20, 26), v.Origin, 1e-5f, "origin");
        VolumeFixtureFiles.AssertClose(Float3.UnitZ, v.DirectionK, 1e-6f, "k");
    }

    [Fact]
    public void Per_frame_pixel_value_transformations_apply_to_their_frames()
    {
        var info = DicomFile.ReadInfo(F("multiframe_perframe_rescale.dcm"));
        Assert.Equal((2.0, -1000.5), info.RescaleOf(1));
        var v = DicomVolumeSource.ReadFile(F("multiframe_perframe_rescale.dcm"));
        Assert.Equal(VoxelStorage.Float32, v.Storage);
        VolumeFixtureFiles.AssertVoxels(F("multiframe_perframe_rescale.expected.npy"), v);
        Assert.Equal(3f, v.Spacing.Z, 1e-5f);
    }

    [Fact]
    public void The_logger_hears_about_other_series_and_the_series_read()
    {
        var log = new ListLogger();
        new DicomVolumeSource(new DicomSeriesOptions { Logger = log }).ReadSeries(F("series_oblique"));
        Assert.Contains(log.Lines, l => l.Contains("2.25.4242502", StringComparison.Ordinal)
            && l.Contains("not read", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("Read series 2.25.4242501", StringComparison.Ordinal));
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel,
            Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Lines.Add(formatter(state, exception));
    }

    [Theory]
    [InlineData("jpeg_lossless.dcm", "1.2.840.10008.1.2.4.70", "JPEG Lossless")]
    [InlineData("rle.dcm", "1.2.840.10008.1.2.5", "RLE Lossless")]
    public void Compressed_transfer_syntaxes_are_refused_by_uid_and_name(string file, string uid, string name)
    {
        var info = DicomFile.ReadInfo(F(file)); // the header is still readable
        Assert.Equal(uid, info.TransferSyntax.Uid);
        var e = Assert.Throws<DicomTransferSyntaxNotSupportedException>(() => DicomVolumeSource.ReadFile(F(file)));
        Assert.Contains(uid, e.Message, StringComparison.Ordinal);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.IsType<NotSupportedException>(e.InnerException);
    }

    [Fact]
    public void Oblique_series_is_sorted_by_position_with_geometry_from_the_headers()
    {
        var s = new DicomVolumeSource().ReadSeries(F("series_oblique"));
        VolumeFixtureFiles.AssertVoxels(F("series_oblique.expected.npy"), s.Volume);
        VolumeFixtureFiles.AssertGeometry(F("series_oblique.expected.json"), s.Volume, 1e-5f);
        Assert.Equal("2.25.4242501", s.SeriesInstanceUid);
        Assert.Equal("CT", s.Modality);
        Assert.Equal(5, s.Files.Count);
        var other = Assert.Single(s.OtherSeries);
        Assert.Equal("2.25.4242502", other.SeriesInstanceUid);
        Assert.Equal("scout", other.Description);
        Assert.EndsWith("zz_report.dcm", Assert.Single(s.NonImageFiles), StringComparison.Ordinal);
        Assert.Equal("1.2.840.10008.1.2", Assert.Single(s.TransferSyntaxes).Uid);
    }

    [Fact]
    public void A_named_series_is_read_instead_of_the_largest()
    {
        var s = new DicomVolumeSource(new DicomSeriesOptions { SeriesInstanceUid = "2.25.4242502" })
            .ReadSeries(F("series_oblique"));
        Assert.Equal(1, s.Volume.Nz);
        Assert.Equal("2.25.4242501", Assert.Single(s.OtherSeries).SeriesInstanceUid);
        Assert.Throws<DicomFormatException>(() => new DicomVolumeSource(
            new DicomSeriesOptions { SeriesInstanceUid = "1.2.3" }).ReadSeries(F("series_oblique")));
    }

    [Theory]
    [InlineData("series_uneven", "uneven slice spacing")]
    [InlineData("series_tilt", "gantry tilt")]
    [InlineData("series_duplicate", "duplicate slice position")]
    [InlineData("series_mixed_size", "mixed image sizes")]
    public void Inconsistent_series_are_refused_naming_the_files(string folder, string problem)
    {
        var e = Assert.ThrowsAny<DicomFormatException>(() => new DicomVolumeSource().ReadSeries(F(folder)));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Matches(@"img00\d\.dcm", e.Message);
    }

    [Fact]
    public void A_bad_file_stops_the_read_unless_skipping_is_asked_for()
    {
        var e = Assert.ThrowsAny<DicomFormatException>(() => new DicomVolumeSource()
            .ReadSeries(F("series_with_bad_file")));
        Assert.Contains("img001.dcm", e.Message, StringComparison.Ordinal);
        var s = new DicomVolumeSource(new DicomSeriesOptions { SkipBadFiles = true })
            .ReadSeries(F("series_with_bad_file"));
        Assert.Equal(2, s.Volume.Nz);
        Assert.EndsWith("img001.dcm", Assert.Single(s.SkippedFiles).Path, StringComparison.Ordinal);
        Assert.Equal(4f, s.Volume.Spacing.Z, 1e-5f);
    }
}
