using EndoDepth.IO;

namespace EndoDepth.Core.Tests.IO;

/// <summary>The SimCol3D submission writer against the file numpy writes (tests/fixtures/predict).</summary>
public sealed class SimCol3DDepthTests
{
    // The fixtures of make_predict_fixtures.py sit in tests/fixtures/predict, beside tests/fixtures/numpy.
    private static string Fixture(string name) => RepoFixtures.Numpy("..", "predict", name);

    [Fact]
    public void Writes_the_bytes_numpy_writes_for_float16_of_mm_over_200_clipped_to_one()
    {
        var depth = NpyFile.ReadDepth(Fixture("simcol3d_mm.npy"));
        using var written = new MemoryStream();
        SimCol3DDepth.Write(written, depth);
        Assert.Equal(File.ReadAllBytes(Fixture("simcol3d_depth.npy")), written.ToArray());
    }

    [Fact]
    public void Float16_files_read_back_as_the_values_numpy_stored()
    {
        var a = NpyFile.Read(Fixture("simcol3d_depth.npy"));
        Assert.Equal("<f2", a.DType);
        Assert.Equal([3L, 4L], a.Shape);
        // Row 1 of the fixture: 99.9, 150, 199.99, 200 mm → float16(0.4995), 0.75, 1 (rounded up), 1.
        Assert.Equal((double)(Half)0.4995f, a.Values[4]);
        Assert.Equal(0.75, a.Values[5]);
        Assert.Equal(1.0, a.Values[6]);
        Assert.Equal(1.0, a.Values[8]); // 250 mm: clipped to 20 cm
        Assert.Equal(0.0, a.Values[0]); // invalid
    }
}
