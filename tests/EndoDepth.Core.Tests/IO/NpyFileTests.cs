using EndoDepth.Imaging;
using EndoDepth.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EndoDepth.Core.Tests.IO;

/// <summary>.npy interop with files numpy 1.24 wrote (tests/fixtures/numpy/make_fixtures.py, make_npy).</summary>
public class NpyFileTests
{
    private static string F(string name) => RepoFixtures.Numpy("npy", name);

    [Theory]
    [InlineData("f4_le.npy", "<f4")]
    [InlineData("f4_be.npy", ">f4")]
    [InlineData("f4_fortran.npy", "<f4")]
    [InlineData("f4_v2.npy", "<f4")]
    public void Float32_files_read_exactly(string file, string dtype)
    {
        var a = NpyFile.Read(F(file));
        Assert.Equal(dtype, a.DType);
        Assert.Equal([5L, 7L], a.Shape);
        for (var k = 0; k < 35; k++) Assert.Equal((float)((k - 17.0) * 0.37), (float)a.Values[k]);
    }

    [Theory]
    [InlineData("f8_le.npy")]
    [InlineData("f8_be.npy")]
    public void Float64_files_read_exactly(string file)
    {
        var a = NpyFile.Read(F(file));
        for (var k = 0; k < 35; k++) Assert.Equal((k - 17.0) * 0.37, a.Values[k]);
    }

    [Theory]
    [InlineData("i2_le.npy", 3, -20)]
    [InlineData("i2_be.npy", 3, -20)]
    [InlineData("i2_be_fortran.npy", 3, -20)]
    [InlineData("u2_le.npy", 1000, 7)]
    [InlineData("u2_be.npy", 1000, 7)]
    [InlineData("u1.npy", 7, 0)]
    public void Integer_files_read_exactly(string file, int a1, int a0)
    {
        var a = NpyFile.Read(F(file));
        Assert.Equal([5L, 7L], a.Shape);
        for (var k = 0; k < 35; k++) Assert.Equal(k * a1 + a0, a.Values[k]);
    }

    [Fact]
    public void Three_dimensional_fortran_order_comes_back_in_c_order()
    {
        var a = NpyFile.Read(F("f8_3d_fortran.npy"));
        Assert.Equal([2L, 3L, 4L], a.Shape);
        for (var k = 0; k < 24; k++) Assert.Equal(k - 5.0, a.Values[k]);
    }

    [Fact]
    public void One_and_zero_dimensional_arrays_read()
    {
        var a = NpyFile.Read(F("f4_1d.npy"));
        Assert.Equal([6L], a.Shape);
        Assert.Equal([0, 0.5, 1, 1.5, 2, 2.5], a.Values);
        var s = NpyFile.Read(F("f8_0d.npy"));
        Assert.Empty(s.Shape);
        Assert.Equal([3.25], s.Values);
    }

    [Theory]
    [InlineData("write_2d.npy")]
    [InlineData("write_1d.npy")]
    [InlineData("write_big_first_axis.npy")]
    public void Float32_writes_are_byte_identical_to_numpy(string file)
    {
        var expected = File.ReadAllBytes(F(file));
        var a = NpyFile.Read(F(file));
        using var ms = new MemoryStream();
        NpyFile.WriteFloat32(ms, a.ToFloat32(), a.Shape);
        Assert.Equal(expected, ms.ToArray());
    }

    [Property(MaxTest = 100)]
    public Property Float32_arrays_of_any_shape_round_trip_bit_exactly(float[] values, PositiveInt split)
    {
        var n = values.Length;
        var rows = n == 0 ? 1 : Enumerable.Range(1, n).Where(d => n % d == 0)
            .ElementAt(split.Get % Enumerable.Range(1, n).Count(d => n % d == 0));
        long[] shape = n == 0 ? [0] : [rows, n / rows];
        using var ms = new MemoryStream();
        NpyFile.WriteFloat32(ms, values, shape);
        ms.Position = 0;
        var a = NpyFile.Read(ms);
        var back = a.ToFloat32();
        var same = back.Length == n && Enumerable.Range(0, n)
            .All(i => BitConverter.SingleToInt32Bits(back[i]) == BitConverter.SingleToInt32Bits(values[i])
                || (float.IsNaN(back[i]) && float.IsNaN(values[i])));
        return (same && a.Shape.SequenceEqual(shape) && ms.Length % 64 == (n * 4) % 64).ToProperty();
    }

    [Fact]
    public void Depth_maps_round_trip_with_zero_for_invalid()
    {
        var d = new DepthMap(3, 2, [1.5f, 0f, float.NaN, 4f, 5.25f, 6f]);
        var path = Path.Combine(Path.GetTempPath(), $"endodepth-npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.WriteDepth(path, d);
            var r = NpyFile.ReadDepth(path);
            Assert.Equal(d.Millimetres, r.Millimetres);
            Assert.Equal(d.Valid, r.Valid);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("bad_truncated.npy", "truncated")]
    [InlineData("bad_magic.npy", "magic")]
    [InlineData("bad_negative_shape.npy", "shape")]
    [InlineData("bad_absurd_shape.npy", "exceeds")]
    [InlineData("bad_complex.npy", "unsupported dtype")]
    public void Malformed_files_raise_a_typed_exception_naming_the_file(string file, string problem)
    {
        var e = Assert.Throws<NpyFormatException>(() => NpyFile.Read(F(file)));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Depth_files_read_asynchronously_by_extension()
    {
        var npy = await DepthFile.ReadAsync(RepoFixtures.Numpy("metrics", "gt_0.npy"));
        Assert.Equal(NpyFile.ReadDepth(RepoFixtures.Numpy("metrics", "gt_0.npy")).Millimetres, npy.Millimetres);
        var png = await DepthFile.ReadAsync(RepoFixtures.Numpy("png", "depth16.png"));
        Assert.Equal(DepthPng.Read(RepoFixtures.Numpy("png", "depth16.png")).Millimetres, png.Millimetres);
        await Assert.ThrowsAsync<DataFileException>(() => DepthFile.ReadAsync("depth.tif"));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => DepthFile.ReadAsync(RepoFixtures.Numpy("metrics", "gt_0.npy"), cts.Token));
    }

    [Fact]
    public void A_depth_map_shape_is_refused_before_its_data_is_read()
    {
        // A header announcing a 3-D or 20000×20000 array on a stream that cannot seek (so no length check helps).
        var e = Assert.Throws<NpyFormatException>(
            () => NpyFile.ReadDepth(new NonSeekable(File.ReadAllBytes(F("f8_3d_fortran.npy"))), "cube.npy"));
        Assert.Contains("2-D", e.Message, StringComparison.Ordinal);
        using var ms = new MemoryStream();
        NpyFile.WriteFloat32(ms, new float[4], [2, 2]);
        var header = System.Text.Encoding.Latin1.GetString(ms.ToArray())
            .Replace("(2, 2)", "(40000, 9)", StringComparison.Ordinal);
        var bytes = System.Text.Encoding.Latin1.GetBytes(header);
        e = Assert.Throws<NpyFormatException>(() => NpyFile.ReadDepth(new NonSeekable(bytes), "huge.npy"));
        Assert.Contains("not acceptable", e.Message, StringComparison.Ordinal);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void Depth_maps_read_from_any_supported_layout()
    {
        var f = NpyFile.ReadDepth(F("depth_f8_be_fortran.npy"));
        Assert.Equal((7, 5), (f.Width, f.Height));
        for (var k = 0; k < 35; k++) Assert.Equal((float)((k + 1.0) * 0.37), f.Millimetres[k]);
        var u = NpyFile.ReadDepth(F("depth_u2_le.npy"));
        for (var k = 0; k < 35; k++) Assert.Equal(k * 1000f + 7f, u.Millimetres[k]);
        Assert.Equal(NpyFile.Read(F("u1.npy")).ToFloat32(), NpyFile.ReadDepth(F("u1.npy")).Millimetres);
        var e = Assert.Throws<NpyFormatException>(() => NpyFile.ReadDepth(F("i2_be_fortran.npy")));
        Assert.Contains("negative depth -20 at pixel (0, 0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_in_a_depth_map_is_refused()
    {
        var e = Assert.Throws<NpyFormatException>(() => NpyFile.ReadDepth(F("bad_nan_depth.npy")));
        Assert.Contains("(2, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_refused_cleanly()
    {
        var good = File.ReadAllBytes(F("f4_le.npy"));
        for (var n = 0; n < good.Length; n += 7)
            Assert.Throws<NpyFormatException>(() => NpyFile.Read(new MemoryStream(good, 0, n), "cut.npy"));
    }
}
