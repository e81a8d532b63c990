using System.Buffers.Binary;
using System.IO.Compression;
using EndoDepth.Core.Tests.Nifti;
using EndoDepth.IO;
using EndoDepth.IO.Dicom;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Volumes;

/// <summary>
/// Memory amplification from compressed input is bounded: a deflated DICOM is inflated only as far as its header
/// declares, and what a file declares (voxels, pixel bytes) must fit <see cref="VolumeMemoryBudget"/>, refused in one
/// typed error naming the file before the allocation.
/// </summary>
public class MemoryBudgetTests
{
    private static byte[] Fixture(string kind, string name) => File.ReadAllBytes(VolumeFixtureFiles.Path(kind, name));

    /// <summary>
    /// The deflated fixture with <paramref name="junk"/> zero bytes in a private element before Pixel Data: the file
    /// grows by about junk/1000 bytes, its inflated data set by junk.
    /// </summary>
    private static byte[] DeflatedWithJunk(int junk)
    {
        var file = Fixture("dicom", "deflated_u8_mono1.dcm");
        var datasetStart = 144 + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(140)); // (0002,0000) UL
        byte[] dataset;
        using (var z = new DeflateStream(new MemoryStream(file, datasetStart, file.Length - datasetStart),
                   CompressionMode.Decompress))
        using (var ms = new MemoryStream())
        {
            z.CopyTo(ms);
            dataset = ms.ToArray();
        }
        var pixel = dataset.AsSpan().IndexOf(new byte[] { 0xE0, 0x7F, 0x10, 0x00 });
        Assert.True(pixel > 0);
        using var o = new MemoryStream();
        o.Write(file, 0, datasetStart);
        using (var z = new DeflateStream(o, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(dataset, 0, pixel);
            // (0009,1001) OB, explicit VR little endian: tag, "OB", 2 reserved bytes, 4-byte length, value.
            var head = new byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(head, 0x0009);
            BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(2), 0x1001);
            head[4] = (byte)'O'; head[5] = (byte)'B';
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), (uint)junk);
            z.Write(head);
            var zeros = new byte[1 << 20];
            for (var left = junk; left > 0; left -= zeros.Length) z.Write(zeros, 0, Math.Min(left, zeros.Length));
            z.Write(dataset, pixel, dataset.Length - pixel);
        }
        return o.ToArray();
    }

    [Fact]
    public void A_deflated_dicom_that_inflates_to_tens_of_megabytes_is_read_without_holding_them()
    {
        const int junk = 40 << 20;
        var bomb = DeflatedWithJunk(junk);
        Assert.True(bomb.Length < junk / 500, $"the test file is {bomb.Length} bytes");
        var want = DicomVolumeSource.ReadFile(new MemoryStream(Fixture("dicom", "deflated_u8_mono1.dcm")), "(plain)");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var got = DicomVolumeSource.ReadFile(new MemoryStream(bomb), "(bomb)");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(want.AsFloat32(), got.AsFloat32());
        // Holding the inflated data set would take ≥ 40 MiB (≥ 127 MiB in a growing buffer); streaming takes a
        // 1 MiB buffer per pass.
        Assert.True(allocated < 8 << 20, $"allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void A_nifti_volume_over_the_budget_is_refused_naming_the_file_before_allocating()
    {
        var path = VolumeFixtureFiles.Path("nifti", "int16_sform.nii");
        var voxels = NiftiFile.Read(path).VoxelCount;
        using (VolumeMemoryBudget.Use(voxels * sizeof(short))) Assert.Equal(voxels, NiftiFile.Read(path).VoxelCount);
        using (VolumeMemoryBudget.Use(voxels * sizeof(short) - 1))
        {
            var e = Assert.Throws<VolumeMemoryBudgetException>(() => NiftiFile.Read(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains(VolumeMemoryBudget.EnvironmentVariable, e.Message, StringComparison.Ordinal);
            Assert.Equal(voxels * sizeof(short), e.NeededBytes);
            Assert.IsAssignableFrom<DataFileException>(e);
        }
        // A 20 KB .nii.gz declaring 256×256×128 int16 (16 MiB of zeros) under a 4 MiB budget: refused before the voxels
        // are allocated.
        var b = Fixture("nifti", "int16_sform.nii");
        var offset = (int)BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(108));
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(42), 256);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(44), 256);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(46), 128);
        var big = Path.Combine(Path.GetTempPath(), $"endodepth-budget-{Guid.NewGuid():N}.nii.gz");
        try
        {
            using (var fs = File.Create(big))
            using (var gz = new GZipStream(fs, CompressionLevel.SmallestSize))
            {
                gz.Write(b.AsSpan(0, offset));
                gz.Write(new byte[256 * 256 * 128 * sizeof(short)]);
            }
            using (VolumeMemoryBudget.Use(4 << 20))
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                Assert.Contains(big, Assert.Throws<VolumeMemoryBudgetException>(() => NiftiFile.Read(big)).Message,
                    StringComparison.Ordinal);
                Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
            }
            using (VolumeMemoryBudget.Use(16 << 20)) Assert.Equal(256L * 256 * 128, NiftiFile.Read(big).VoxelCount);
        }
        finally { File.Delete(big); }
    }

    [Fact]
    public void A_dicom_series_and_a_deflated_file_over_the_budget_are_refused()
    {
        var series = VolumeFixtureFiles.Path("dicom", "series_oblique");
        var voxels = VolumeFiles.Load(series).VoxelCount;
        using (VolumeMemoryBudget.Use(voxels * sizeof(short) - 1))
            Assert.Throws<VolumeMemoryBudgetException>(() => VolumeFiles.Load(series));
        var deflated = Fixture("dicom", "deflated_u8_mono1.dcm");
        using (VolumeMemoryBudget.Use(8))
            Assert.Contains("voxels as int16", Assert.Throws<VolumeMemoryBudgetException>(
                () => DicomVolumeSource.ReadFile(new MemoryStream(deflated), "(deflated)")).Message,
                StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_budget_is_scoped_to_the_calling_flow_and_sizes_parse_in_powers_of_1024()
    {
        var outside = VolumeMemoryBudget.Bytes;
        Assert.True(outside >= 1L << 30);
        using (VolumeMemoryBudget.Use(1234))
        {
            Assert.Equal(1234, VolumeMemoryBudget.Bytes);
            Assert.Equal(1234, await Task.Run(() => VolumeMemoryBudget.Bytes));
            Task<long> unrelated;
            using (ExecutionContext.SuppressFlow()) unrelated = Task.Run(() => VolumeMemoryBudget.Bytes);
            Assert.Equal(outside, await unrelated);
        }
        Assert.Equal(outside, VolumeMemoryBudget.Bytes);
        Assert.Equal(8L << 30, VolumeMemoryBudget.Parse("8G"));
        Assert.Equal(512L << 20, VolumeMemoryBudget.Parse("512MiB"));
        Assert.Equal(1536, VolumeMemoryBudget.Parse("1.5k"));
        Assert.Equal(1000, VolumeMemoryBudget.Parse("1000"));
        foreach (var bad in new[] { "", "abc", "0", "-1G", "1e30T" })
            Assert.Throws<FormatException>(() => VolumeMemoryBudget.Parse(bad));
        Assert.Throws<ArgumentOutOfRangeException>(() => VolumeMemoryBudget.Use(0));
    }
}
