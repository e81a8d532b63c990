using EndoDepth.Core.Tests.Nifti;
using EndoDepth.Geometry;
using EndoDepth.IO.Dicom;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Dicom;

/// <summary>
/// The reader's slices, stacked in Volumes, against the volumes pydicom assembled from the same files.
/// </summary>
public class SliceStackAssemblerTests
{
    private static string F(string name) => VolumeFixtureFiles.Path("dicom", name);

    [Fact]
    public void The_reader_gives_one_slice_per_file_of_the_series_and_no_volume()
    {
        var series = DicomSeries.ReadSlices(F("series_oblique"));
        Assert.Equal(5, series.Slices.Count);
        Assert.All(series.Slices, s => Assert.Equal("2.25.4242501", s.Info.SeriesInstanceUid));
        Assert.All(series.Slices, s => Assert.NotNull(s.Position));
    }

    [Fact]
    public void Slices_in_any_order_stack_into_pydicoms_volume()
    {
        var slices = DicomSeries.ReadSlices(F("series_oblique")).Slices;
        var reversed = slices.Reverse().ToList();
        var (volume, names) = SliceStackAssembler.Assemble(reversed, new DicomSeriesOptions(), null, default);
        VolumeFixtureFiles.AssertVoxels(F("series_oblique.expected.npy"), volume);
        VolumeFixtureFiles.AssertGeometry(F("series_oblique.expected.json"), volume, 1e-5f);
        Assert.Equal(slices.Count, names.Distinct().Count());
    }

    [Fact]
    public void The_frames_of_a_multiframe_file_stack_along_their_positions()
    {
        var slices = DicomFile.ReadSlices(F("multiframe_enhanced.dcm"));
        Assert.Equal([0, 1, 2], slices.Select(s => s.Frame));
        var (volume, _) = SliceStackAssembler.Assemble(slices, new DicomSeriesOptions(), null, default);
        VolumeFixtureFiles.AssertVoxels(F("multiframe_enhanced.volume.npy"), volume);
    }

    [Fact]
    public void Uneven_spacing_is_reported_at_the_odd_gap_not_at_a_regular_one()
    {
        // Five slices 1 mm apart but the last 3 mm away: the mean gap (1.5 mm) makes every gap look odd, so the
        // message must come from the median and name the files around the real hole.
        var slices = DicomSeries.ReadSlices(F("series_oblique")).Slices
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var info = slices[0].Info;
        var normal = Float3.Cross(info.RowDirection!.Value, info.ColumnDirection!.Value);
        float[] distance = [0, 1, 2, 3, 6];
        var moved = slices.Select((s, n) => s with { Position = slices[0].Position!.Value + normal * distance[n] })
            .ToList();
        var e = Assert.Throws<DicomFormatException>(() =>
            SliceStackAssembler.Assemble(moved, new DicomSeriesOptions(), null, default));
        Assert.Contains("gap of 3 mm", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(slices[3].Name, e.Message, StringComparison.Ordinal);
        Assert.Contains(slices[4].Name, e.Message, StringComparison.Ordinal);
    }
}
