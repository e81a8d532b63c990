using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EndoDepth.Core.Tests.Nifti;
using EndoDepth.IO;
using EndoDepth.IO.Dicom;
using FsCheck;
using FsCheck.Fluent;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Dicom;

public class DicomMalformedTests
{
    private static byte[] Bytes(string name) => File.ReadAllBytes(VolumeFixtureFiles.Path("dicom", name));

    private static Exception? TryRead(byte[] data)
    {
        using var ms = new MemoryStream(data, writable: false);
        try { DicomVolumeSource.ReadFile(ms, "(test)"); return null; }
        catch (Exception e) { return e; }
    }

    [Theory]
    [InlineData("explicit_le_u12.dcm")]
    [InlineData("explicit_be_s12.dcm")]
    [InlineData("deflated_u8_mono1.dcm")]
    [InlineData("no_meta_implicit.dcm")]
    [InlineData("multiframe_enhanced.dcm")]
    [InlineData("series_oblique/img000.dcm")]
    public void Truncation_at_every_offset_gives_a_typed_error(string file)
    {
        var full = Bytes(file);
        Assert.Null(TryRead(full));
        var whole = DicomVolumeSource.ReadFile(new MemoryStream(full), "(whole)").AsFloat32();
        var sw = Stopwatch.StartNew();
        for (var n = 0; n < full.Length; n++)
        {
            var e = TryRead(full[..n]);
            // A deflate stream can end before its last bytes; a read that succeeds must then give the whole volume.
            if (e is null && DicomVolumeSource.ReadFile(new MemoryStream(full[..n]), "(cut)").AsFloat32()
                .SequenceEqual(whole)) continue;
            if (e is not DicomFormatException) Assert.Fail($"cut at {n} of {full.Length}: " +
                $"{(e is null ? "no error" : e.GetType().Name + ": " + e.Message)}");
        }
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"truncation sweep took {sw.Elapsed}");
    }

    [Fact]
    public void Truncated_file_on_disk_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"endodepth-trunc-{Guid.NewGuid():N}.dcm");
        try
        {
            File.WriteAllBytes(path, Bytes("explicit_le_u12.dcm")[..300]);
            var e = Assert.ThrowsAny<DicomFormatException>(() => DicomVolumeSource.ReadFile(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.NotNull(e.Offset);
        }
        finally { File.Delete(path); }
    }

    /// <summary>Offset of the first explicit-VR element with this tag in <paramref name="b"/>.</summary>
    private static int Find(byte[] b, ushort group, ushort element)
    {
        var pat = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(pat, group);
        BinaryPrimitives.WriteUInt16LittleEndian(pat.AsSpan(2), element);
        var at = b.AsSpan(132).IndexOf(pat);
        Assert.True(at >= 0, $"tag ({group:X4},{element:X4}) not found");
        return at + 132;
    }

    [Fact]
    public void A_binary_attribute_with_a_text_VR_is_refused_by_name()
    {
        var b = Bytes("explicit_le_u12.dcm");
        var at = Find(b, 0x0028, 0x0010); // Rows, US
        Encoding.ASCII.GetBytes("DS").CopyTo(b, at + 4);
        var e = Assert.IsType<DicomFormatException>(TryRead(b));
        Assert.Contains("Rows (0028,0010) has VR DS, expected US", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_VR_bytes_are_refused()
    {
        var b = Bytes("explicit_le_u12.dcm");
        var at = Find(b, 0x0028, 0x0010);
        b[at + 4] = (byte)'z'; b[at + 5] = 0x01;
        Assert.Contains("invalid VR", Assert.IsType<DicomFormatException>(TryRead(b)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_number_that_is_not_a_number_is_refused()
    {
        var b = Bytes("explicit_le_u12.dcm");
        var at = Find(b, 0x0028, 0x1052); // Rescale Intercept, DS
        b[at + 8] = (byte)'x';
        Assert.Contains("not a list of numbers", Assert.IsType<DicomFormatException>(TryRead(b)).Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0028, 0x1052, 0xFFF0, "runs past the end")]   // a short-length value past the end
    [InlineData(0x7FE0, 0x0010, 0x7FFFFFF0, "runs past the end")] // Pixel Data declared 2 GiB in a 564-byte file
    public void Lengths_past_the_end_are_refused_before_allocating(ushort group, ushort element, long length,
        string expected)
    {
        var b = Bytes("explicit_le_u12.dcm");
        var at = Find(b, group, element);
        if (group == 0x7FE0) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), (uint)length);
        else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 6), (ushort)length);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.IsType<DicomFormatException>(TryRead(b));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20,
            "allocated more than 1 MiB for a refused file");
    }

    [Fact]
    public void Absurd_image_sizes_are_refused_before_allocating()
    {
        var b = Bytes("explicit_le_u12.dcm");
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(Find(b, 0x0028, 0x0010) + 8), 65535);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(Find(b, 0x0028, 0x0011) + 8), 65535);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.IsType<DicomFormatException>(TryRead(b));
        Assert.Matches("exceed .* voxels", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(Find(b, 0x0028, 0x0010) + 8), 300);
        Assert.Contains("Pixel Data holds", Assert.IsType<DicomFormatException>(TryRead(b)).Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40, false)]      // beyond the 32-level limit
    [InlineData(100_000, false)] // deep enough to overflow the stack if the parser recursed without a limit
    [InlineData(20, true)]       // within the limit, properly closed: readable
    public void Deep_nesting_is_refused_without_overflowing_the_stack(int depth, bool closed)
    {
        var b = NestedSequenceFile(depth, closed);
        var e = TryRead(b);
        if (depth <= DicomParserLimits.MaxDepth && closed) Assert.Null(e);
        else Assert.Contains("nested deeper than", Assert.IsType<DicomFormatException>(e).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Defined_length_sequences_and_explicit_UN_of_undefined_length_are_read_through()
    {
        using var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write(new byte[128]); w.Write("DICM"u8);
        Element(w, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0"u8.ToArray());
        // (0008,1140) SQ of defined length: one item of defined length holding one UI element.
        var ui = new byte[] { 0x08, 0x00, 0x50, 0x11, (byte)'U', (byte)'I', 4, 0, (byte)'1', (byte)'.', (byte)'2', 0 };
        w.Write((ushort)0x0008); w.Write((ushort)0x1140);
        w.Write("SQ"u8); w.Write((ushort)0); w.Write((uint)(8 + ui.Length));
        w.Write((ushort)0xFFFE); w.Write((ushort)0xE000); w.Write((uint)ui.Length); w.Write(ui);
        // (0009,1010) private UN of undefined length: its items are implicit VR little endian (PS3.5 6.2.2).
        w.Write((ushort)0x0009); w.Write((ushort)0x1010); w.Write("UN"u8); w.Write((ushort)0); w.Write(uint.MaxValue);
        w.Write((ushort)0xFFFE); w.Write((ushort)0xE000); w.Write(uint.MaxValue);
        // implicit: tag + 32-bit length
        w.Write((ushort)0x0009); w.Write((ushort)0x1011); w.Write(4u); w.Write("abcd"u8);
        w.Write((ushort)0xFFFE); w.Write((ushort)0xE00D); w.Write(0u);
        w.Write((ushort)0xFFFE); w.Write((ushort)0xE0DD); w.Write(0u);
        Element(w, 0x0028, 0x0010, "US", [1, 0]);
        Element(w, 0x0028, 0x0011, "US", [2, 0]);
        Element(w, 0x0028, 0x0100, "US", [16, 0]);
        Element(w, 0x0028, 0x0103, "US", [1, 0]);
        w.Write((ushort)0x7FE0); w.Write((ushort)0x0010); w.Write("OW"u8); w.Write((ushort)0); w.Write(4u);
        w.Write((short)-5); w.Write((short)7);
        w.Flush();
        var v = DicomVolumeSource.ReadFile(new MemoryStream(ms.ToArray()), "(test)");
        Assert.Equal([-5f, 7f], v.AsFloat32());
    }

    [Fact]
    public void An_item_longer_than_its_sequence_is_refused()
    {
        var b = NestedSequenceFile(1, true, definedItemLength: 0x10000);
        Assert.Contains("runs past", Assert.IsType<DicomFormatException>(TryRead(b)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_and_random_bytes_are_not_DICOM()
    {
        Assert.Contains("not a DICOM file",
            Assert.IsType<DicomFormatException>(TryRead(Encoding.ASCII.GetBytes("hello, this is a text file that is " +
                "not DICOM at all"))).Message, StringComparison.Ordinal);
        Assert.IsType<DicomFormatException>(TryRead([]));
        Assert.IsType<DicomFormatException>(TryRead(new byte[200]));
    }

    /// <summary>
    /// FsCheck campaign: random byte edits of valid files either read or raise DicomFormatException — nothing else.
    /// </summary>
    [Fact]
    public void Random_mutations_raise_only_typed_errors()
    {
        var seeds = new[] { "explicit_le_u12.dcm", "series_oblique/img000.dcm", "deflated_u8_mono1.dcm",
            "multiframe_enhanced.dcm", "explicit_be_s12.dcm" }
            .Select(Bytes).ToArray();
        var gen =
            from seed in Gen.Choose(0, seeds.Length - 1)
            from edits in Gen.ListOf(Gen.Zip(Gen.Choose(0, 4095), Gen.Choose(0, 255)))
            from cut in Gen.Choose(0, 5000)
            select (seed, edits.ToArray(), cut);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var b = (byte[])seeds[t.seed].Clone();
            foreach (var (pos, val) in t.Item2) b[pos % b.Length] = (byte)val;
            if (t.cut < b.Length) b = b[..t.cut];
            var e = TryRead(b);
            return e is null or DicomFormatException;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>
    /// The corpus of the AFL++/SharpFuzz campaign (samples/EndoDepth.Fuzz; tests/fixtures/dicom/fuzz holds its
    /// queue: inputs that reached new code). It found no crash; any future crashing input goes there too.
    /// </summary>
    [Fact]
    public void Fuzz_corpus_inputs_raise_only_typed_errors()
    {
        var files = Directory.GetFiles(VolumeFixtureFiles.Path("dicom", "fuzz")).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var e = TryRead(File.ReadAllBytes(file));
            Assert.True(e is null or DicomFormatException, $"{file}: {e}");
        }
    }

    /// <summary>
    /// A Part 10 file (explicit VR LE) whose data set nests Referenced Image Sequences <paramref name="depth"/> deep.
    /// </summary>
    internal static byte[] NestedSequenceFile(int depth, bool closed, uint definedItemLength = uint.MaxValue)
    {
        using var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write(new byte[128]); w.Write("DICM"u8);
        var ts = "1.2.840.10008.1.2.1\0"u8.ToArray();
        Element(w, 0x0002, 0x0010, "UI", ts);
        for (var d = 0; d < depth; d++)
        {
            w.Write((ushort)0x0008); w.Write((ushort)0x1140);
            w.Write("SQ"u8); w.Write((ushort)0); w.Write(uint.MaxValue);
            w.Write((ushort)0xFFFE); w.Write((ushort)0xE000);
            w.Write(d == depth - 1 ? definedItemLength : uint.MaxValue);
        }
        if (closed && definedItemLength == uint.MaxValue)
            for (var d = 0; d < depth; d++)
            {
                w.Write((ushort)0xFFFE); w.Write((ushort)0xE00D); w.Write(0u);
                w.Write((ushort)0xFFFE); w.Write((ushort)0xE0DD); w.Write(0u);
            }
        Element(w, 0x0028, 0x0002, "US", [1, 0]);
        Element(w, 0x0028, 0x0010, "US", [1, 0]);
        Element(w, 0x0028, 0x0011, "US", [2, 0]);
        Element(w, 0x0028, 0x0100, "US", [16, 0]);
        Element(w, 0x0028, 0x0101, "US", [16, 0]);
        Element(w, 0x0028, 0x0102, "US", [15, 0]);
        Element(w, 0x0028, 0x0103, "US", [1, 0]);
        w.Write((ushort)0x7FE0); w.Write((ushort)0x0010); w.Write("OW"u8); w.Write((ushort)0); w.Write(4u);
        w.Write((short)-5); w.Write((short)7);
        w.Flush();
        return ms.ToArray();
    }

    private static void Element(BinaryWriter w, ushort g, ushort e, string vr, byte[] value)
    {
        w.Write(g); w.Write(e); w.Write(Encoding.ASCII.GetBytes(vr)); w.Write((ushort)value.Length); w.Write(value);
    }
}

/// <summary>The parser's nesting limit, visible to the tests.</summary>
internal static class DicomParserLimits
{
    public const int MaxDepth = 32;
}
