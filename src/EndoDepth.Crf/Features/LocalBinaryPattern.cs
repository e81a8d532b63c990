namespace EndoDepth.Crf.Features;

/// <summary>
/// Rotation-invariant uniform local binary patterns (Ojala et al., TPAMI 2002), P = 8 neighbours at radius 1:
/// codes 0…8 count the neighbours ≥ the centre for uniform patterns (at most two 0/1 transitions), 9 for the rest.
/// </summary>
public static class LocalBinaryPattern
{
    /// <summary>Number of distinct codes.</summary>
    public const int Codes = 10;

    /// <summary>
    /// The code of every pixel of a grey image (row-major, width <paramref name="w"/>); borders clamp.
    /// </summary>
    public static byte[] Compute(ReadOnlySpan<float> grey, int w, int h)
    {
        ReadOnlySpan<int> dx = [1, 1, 0, -1, -1, -1, 0, 1], dy = [0, 1, 1, 1, 0, -1, -1, -1];
        var codes = new byte[w * h];
        Span<int> bits = stackalloc int[8];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var c = grey[y * w + x];
                var ones = 0;
                for (var k = 0; k < 8; k++)
                {
                    int nx = Math.Clamp(x + dx[k], 0, w - 1), ny = Math.Clamp(y + dy[k], 0, h - 1);
                    bits[k] = grey[ny * w + nx] >= c ? 1 : 0;
                    ones += bits[k];
                }
                var transitions = 0;
                for (var k = 0; k < 8; k++) transitions += bits[k] != bits[(k + 1) % 8] ? 1 : 0;
                codes[y * w + x] = (byte)(transitions <= 2 ? ones : 9);
            }
        return codes;
    }
}
