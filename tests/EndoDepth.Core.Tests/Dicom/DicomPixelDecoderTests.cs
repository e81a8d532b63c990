using EndoDepth.Core.Tests.Nifti;
using EndoDepth.IO.Dicom;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Dicom;

public class DicomPixelDecoderTests
{
    private static DicomImageInfo Info(int allocated, int stored, int highBit, int representation,
        DicomTransferSyntax ts) => new()
    {
        Path = "(test)",
        TransferSyntax = ts,
        Rows = 1,
        Columns = 4,
        BitsAllocated = allocated,
        BitsStored = stored,
        HighBit = highBit,
        PixelRepresentation = representation,
    };

    [Fact]
    public void Bits_stored_below_the_high_bit_are_extracted_and_sign_extended()
    {
        // 12 stored bits at bits 2..13 (High Bit 13), garbage in bits 0–1 and 14–15 (PS3.5 8.1.1).
        int[] values = [-2048, -1, 0, 2047];
        var bytes = new byte[8];
        for (var n = 0; n < 4; n++)
        {
            var w = ((values[n] & 0xFFF) << 2) | 0b11 | (n % 2 == 0 ? 0xC000 : 0x4000);
            bytes[2 * n] = (byte)w; bytes[2 * n + 1] = (byte)(w >> 8);
        }
        var raw = new int[4];
        DicomPixelDecoder.Unpack(Info(16, 12, 13, 1, DicomTransferSyntax.ExplicitVrLittleEndian), bytes, raw);
        Assert.Equal(values, raw);
        DicomPixelDecoder.Unpack(Info(16, 12, 13, 0, DicomTransferSyntax.ExplicitVrLittleEndian), bytes, raw);
        Assert.Equal(values.Select(v => v & 0xFFF), raw);
    }

    [Fact]
    public void Eight_bit_signed_and_big_endian_words_decode()
    {
        var raw = new int[4];
        DicomPixelDecoder.Unpack(Info(8, 8, 7, 1, DicomTransferSyntax.ExplicitVrLittleEndian),
            new byte[] { 0x80, 0xFF, 0x00, 0x7F }, raw);
        Assert.Equal([-128, -1, 0, 127], raw);
        DicomPixelDecoder.Unpack(Info(16, 16, 15, 1, DicomTransferSyntax.ExplicitVrBigEndian),
            new byte[] { 0x80, 0x00, 0xFF, 0xFF, 0x00, 0x01, 0x7F, 0xFF }, raw);
        Assert.Equal([-32768, -1, 1, 32767], raw);
    }

    [Fact]
    public void A_cancelled_series_read_stops()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new DicomVolumeSource()
            .ReadSeries(VolumeFixtureFiles.Path("dicom", "series_oblique"), null, cts.Token));
    }

    [Fact]
    public void Progress_reaches_one()
    {
        var reports = new List<double>();
        new DicomVolumeSource()
            .ReadSeries(VolumeFixtureFiles.Path("dicom", "series_oblique"), new SyncProgress(reports.Add));
        Assert.Equal(5, reports.Count);
        Assert.Equal(1.0, reports[^1]);
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
