using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.IO.Nifti;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Nifti;

public class NiftiFileTests
{
    public static TheoryData<string> Fixtures => new()
    {
        "int16_sform.nii", "uint8_scaled.nii.gz", "int32_qform.nii", "float32_bigendian.nii",
        "float64_fractional.nii.gz",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Reads_numpy_written_fixtures_with_their_HU_and_LPS_geometry(string file)
    {
        var stem = file[..file.IndexOf(".nii", StringComparison.Ordinal)];
        var v = NiftiFile.Read(VolumeFixtureFiles.Path("nifti", file));
        VolumeFixtureFiles.AssertVoxels(VolumeFixtureFiles.Path("nifti", stem + ".expected.npy"), v);
        var json = VolumeFixtureFiles.Path("nifti", stem + ".expected.json");
        VolumeFixtureFiles.AssertGeometry(json, v);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var int16 = doc.RootElement.GetProperty("int16_storage").GetBoolean();
        Assert.Equal(int16 ? VoxelStorage.Int16 : VoxelStorage.Float32, v.Storage);
    }

    [Theory]
    [InlineData(".nii", false)]
    [InlineData(".nii.gz", false)]
    [InlineData(".nii", true)]
    [InlineData(".nii.gz", true)]
    public void Write_then_read_keeps_voxels_and_oblique_geometry(string ext, bool float32)
    {
        var v = ObliqueVolume(float32);
        var path = Temp(ext);
        try
        {
            NiftiFile.Write(path, v);
            var r = NiftiFile.Read(path);
            AssertSame(v, r);
            // The qform alone (sform_code cleared) must describe the same grid: checks the quaternion path.
            var bytes = ReadAll(path);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(254), 0);
            File.WriteAllBytes(path + ".q.nii", bytes);
            AssertSame(v, NiftiFile.Read(path + ".q.nii"));
        }
        finally { File.Delete(path); File.Delete(path + ".q.nii"); }
    }

    [Fact]
    public void Written_header_has_the_standard_fields()
    {
        var path = Temp(".nii");
        try
        {
            NiftiFile.Write(path, ObliqueVolume(false));
            var b = File.ReadAllBytes(path);
            Assert.Equal(348, BinaryPrimitives.ReadInt32LittleEndian(b));
            Assert.Equal("n+1\0"u8.ToArray(), b[344..348]);
            Assert.Equal(352f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(108)));
            Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(70)));   // int16
            Assert.Equal(352 + 2 * 6 * 5 * 4, b.Length);
            // LPS (−1, 0, 0)·0.7 for i: RAS srow_x[0] = +0.7·cos30°.
            Assert.Equal(0.7f * MathF.Cos(MathF.PI / 6), BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(280)), 1e-5f);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Truncation_at_every_offset_gives_a_typed_error()
    {
        var full = File.ReadAllBytes(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"));
        var path = Temp(".nii");
        try
        {
            for (var n = 0; n < full.Length; n++)
            {
                File.WriteAllBytes(path, full[..n]);
                Assert.ThrowsAny<DataFileException>(() => NiftiFile.Read(path));
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Truncated_gzip_at_every_offset_gives_a_typed_error()
    {
        var full = File.ReadAllBytes(VolumeFixtureFiles.Path("nifti", "uint8_scaled.nii.gz"));
        var path = Temp(".nii.gz");
        try
        {
            // A cut near the end can leave the whole payload decodable (the trailer is not needed to read it):
            // then the volume must be the right one; otherwise a typed error.
            var whole = NiftiFile.Read(VolumeFixtureFiles.Path("nifti", "uint8_scaled.nii.gz"));
            for (var n = 0; n < full.Length; n++)
            {
                File.WriteAllBytes(path, full[..n]);
                try { AssertSame(whole, NiftiFile.Read(path)); }
                catch (DataFileException) { }
            }
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(70, (short)32, "unsupported datatype")]       // DT_COMPLEX64
    [InlineData(72, (short)8, "bitpix")]                      // wrong bitpix for int16
    [InlineData(40, (short)4, "only 3-D")]                    // dim[0] = 4 with dim[4] = 0 → caught as non-positive
    [InlineData(42, (short)0, "not positive")]                // dim[1] = 0
    [InlineData(42, (short)32000, "absurd")]                  // declared size far beyond the file
    public void Bad_header_fields_are_refused_by_name(int offset, short value, string expected)
    {
        var b = File.ReadAllBytes(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"));
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(offset), value);
        if (offset == 40) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(48), 2); // dim[4] = 2 (a time series)
        var path = Temp(".nii");
        try
        {
            File.WriteAllBytes(path, b);
            var e = Assert.ThrowsAny<DataFileException>(() => NiftiFile.Read(path));
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Absurd_size_in_a_gzip_is_refused_before_allocating()
    {
        var b = File.ReadAllBytes(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"));
        for (var d = 1; d <= 3; d++) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(40 + 2 * d), 1200);
        var path = Temp(".nii.gz");
        try
        {
            using (var fs = File.Create(path))
            using (var gz = new GZipStream(fs, CompressionLevel.Optimal)) gz.Write(b);
            var e = Assert.ThrowsAny<DataFileException>(() => NiftiFile.Read(path));
            Assert.Contains("absurd", e.Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(348f)]
    [InlineData(351f)]
    public void A_data_offset_inside_the_extension_flag_is_refused(float voxOffset)
    {
        // nifti1.h: a single .nii keeps 4 extension-flag bytes after the 348-byte header, so vox_offset >= 352.
        var b = File.ReadAllBytes(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"));
        BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), voxOffset);
        var path = Temp(".nii");
        try
        {
            File.WriteAllBytes(path, b);
            var e = Assert.Throws<NiftiFormatException>(() => NiftiFile.Read(path));
            Assert.Contains("vox_offset", e.Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_large_extension_gap_in_a_gzip_is_skipped_without_allocating_it()
    {
        // 64 MiB of extension bytes before the voxels compress to ~64 KiB; skipping them must stream, not allocate.
        var b = File.ReadAllBytes(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"));
        var want = NiftiFile.Read(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"));
        var offset = (int)BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(108));
        const int gap = 64 << 20;
        BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), offset + gap);
        var path = Temp(".nii.gz");
        try
        {
            using (var fs = File.Create(path))
            using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
            {
                gz.Write(b.AsSpan(0, offset));
                gz.Write(new byte[gap]);
                gz.Write(b.AsSpan(offset));
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            var got = NiftiFile.Read(path);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < gap / 8,
                "the gap was allocated, not streamed");
            AssertSame(want, got);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("ni1\0", "two-file")]
    [InlineData("abc\0", "bad magic")]
    public void Wrong_magic_is_refused(string magic, string expected)
    {
        var b = File.ReadAllBytes(VolumeFixtureFiles.Path("nifti", "int16_sform.nii"));
        System.Text.Encoding.ASCII.GetBytes(magic).CopyTo(b, 344);
        var path = Temp(".nii");
        try
        {
            File.WriteAllBytes(path, b);
            Assert.Contains(expected, Assert.Throws<NiftiFormatException>(() => NiftiFile.Read(path)).Message,
                StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }

    internal static CtVolume ObliqueVolume(bool float32)
    {
        const int nx = 6, ny = 5, nz = 4;
        var c = MathF.Cos(MathF.PI / 6); var s = MathF.Sin(MathF.PI / 6);
        var di = new Float3(-c, -s, 0); var dj = new Float3(s, -c, 0); var dk = new Float3(0, 0, 1);
        var sp = new Float3(0.7f, 0.8f, 2.5f);
        var o = new Float3(-12.5f, 30f, -100.25f);
        if (float32)
        {
            var f = new float[nx * ny * nz];
            for (var n = 0; n < f.Length; n++) f[n] = n * 1.25f - 40.5f;
            return CtVolume.FromFloat32(nx, ny, nz, f, sp, o, di, dj, dk);
        }
        var h = new short[nx * ny * nz];
        for (var n = 0; n < h.Length; n++) h[n] = (short)(n * 37 - 1024);
        return CtVolume.FromInt16(nx, ny, nz, h, sp, o, di, dj, dk);
    }

    internal static void AssertSame(CtVolume want, CtVolume got)
    {
        Assert.Equal((want.Nx, want.Ny, want.Nz), (got.Nx, got.Ny, got.Nz));
        Assert.Equal(want.Storage, got.Storage);
        Assert.Equal(want.AsFloat32(), got.AsFloat32());
        VolumeFixtureFiles.AssertClose(want.Spacing, got.Spacing, 1e-5f, "spacing");
        VolumeFixtureFiles.AssertClose(want.Origin, got.Origin, 1e-5f, "origin");
        VolumeFixtureFiles.AssertClose(want.DirectionI, got.DirectionI, 1e-5f, "i");
        VolumeFixtureFiles.AssertClose(want.DirectionJ, got.DirectionJ, 1e-5f, "j");
        VolumeFixtureFiles.AssertClose(want.DirectionK, got.DirectionK, 1e-5f, "k");
    }

    private static byte[] ReadAll(string path)
    {
        using var fs = File.OpenRead(path);
        Stream s = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(fs, CompressionMode.Decompress) : fs;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    internal static string Temp(string ext) =>
        Path.Combine(Path.GetTempPath(), $"endodepth-nifti-{Guid.NewGuid():N}{ext}");
}
