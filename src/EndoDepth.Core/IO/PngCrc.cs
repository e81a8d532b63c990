namespace EndoDepth.IO;

/// <summary>The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42 polynomial, reflected 0xEDB88320).</summary>
internal static class PngCrc
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>
    /// Continues a running CRC (start from 0xFFFFFFFF; the final value is the running value xor 0xFFFFFFFF).
    /// </summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>The CRC of a chunk's type and data.</summary>
    public static uint Of(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data) =>
        Update(Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
