using System.Buffers.Binary;
using EndoDepth.IO;

namespace EndoDepth.Core.Tests.IO;

/// <summary>
/// Corrupted files (seeded byte mutations of numpy/PIL fixtures) either read or raise the format's typed exception:
/// never another exception type, a hang or a huge allocation.
/// </summary>
public class MutatedFileTests
{
    [Fact]
    public void Mutated_depth_pngs_with_valid_crcs_fail_only_with_PngFormatException()
    {
        var good = File.ReadAllBytes(RepoFixtures.Numpy("png", "depth16_all_filters.png"));
        var rng = new Random(5);
        for (var trial = 0; trial < 300; trial++)
        {
            var bad = (byte[])good.Clone();
            for (var k = 0; k < 1 + rng.Next(3); k++) bad[8 + rng.Next(bad.Length - 8)] ^= (byte)(1 << rng.Next(8));
            FixCrcs(bad);
            try { Grey16Png.Read(bad, "mutated.png"); }
            catch (PngFormatException e) { Assert.Contains("mutated.png", e.Message, StringComparison.Ordinal); }
        }
    }

    [Theory]
    [InlineData("rgb8.png")]
    [InlineData("grey8.png")]
    public void Mutated_8_bit_pngs_fail_only_with_PngFormatException(string file)
    {
        var good = File.ReadAllBytes(RepoFixtures.Numpy("png", file));
        var rng = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            var bad = (byte[])good.Clone();
            for (var k = 0; k < 1 + rng.Next(3); k++) bad[8 + rng.Next(bad.Length - 8)] ^= (byte)(1 << rng.Next(8));
            if (trial % 2 == 0) FixCrcs(bad);
            try { PngFile.Decode(bad, "mutated.png"); }
            catch (PngFormatException e) { Assert.Contains("mutated.png", e.Message, StringComparison.Ordinal); }
        }
    }

    [Fact]
    public void Mutated_npy_headers_fail_only_with_NpyFormatException()
    {
        var good = File.ReadAllBytes(RepoFixtures.Numpy("npy", "f4_le.npy"));
        var rng = new Random(6);
        for (var trial = 0; trial < 300; trial++)
        {
            var bad = (byte[])good.Clone();
            var i = rng.Next(128); // magic, version, header length, header dict
            bad[i] = (byte)(trial % 3 == 0 ? "0123456789,() "[rng.Next(14)] : rng.Next(256));
            try { NpyFile.ReadDepth(new MemoryStream(bad), "mutated.npy"); }
            catch (NpyFormatException e) { Assert.Contains("mutated.npy", e.Message, StringComparison.Ordinal); }
        }
    }

    /// <summary>Recomputes every chunk's CRC so that mutations reach the decoder instead of the CRC check.</summary>
    private static void FixCrcs(byte[] png)
    {
        var pos = 8;
        while (pos + 12 <= png.Length)
        {
            var len = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (len > png.Length - pos - 12) return;
            var crc = PngCrc.Of(png.AsSpan(pos + 4, 4), png.AsSpan(pos + 8, (int)len));
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(pos + 8 + (int)len), crc);
            pos += 12 + (int)len;
        }
    }
}
