using System.Numerics;
using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// The filtering step of filtered back-projection: each detector line is zero-padded to P = max(64, 2^⌈log₂ 2n⌉)
/// samples and convolved (circularly, by FFT) with the band-limited ramp of Kak &amp; Slaney (1988) ch. 3 eq. (61),
/// h[0] = 1/4, h[n odd] = −1/(πn)², h[n even] = 0 (n the circular distance), whose transform Re(FFT(h)) is the ramp
/// without the DC bias of a sampled |ω|; an optional window multiplies it (<see cref="ReconstructionFilter"/>,
/// scikit-image's definitions). Dividing by the sample spacing τ gives the continuous ramp's scale. Lines are
/// transformed two at a time, one as the real and one as the imaginary part: the response is real and even, so the
/// two stay separate.
/// </summary>
internal static class ProjectionFilter
{
    /// <summary>FFT length for lines of <paramref name="n"/> samples (scikit-image's choice).</summary>
    public static int PaddedLength(int n) => Math.Max(64, (int)BitOperations.RoundUpToPowerOf2((uint)(2 * n)));

    /// <summary>The filter's frequency response at the <paramref name="length"/> FFT bins, made exactly even
    /// ((H[k] + H[P−k])/2, which leaves Re(IFFT(X·H)) of real data unchanged).</summary>
    public static float[] Response(int length, ReconstructionFilter filter)
    {
        var h = new Complex[length];
        h[0] = 0.25;
        for (var k = 1; k < length; k += 2)
        {
            var n = k < length / 2 ? k : length - k;
            h[k] = -1.0 / (Math.PI * n * Math.PI * n);
        }
        Fourier.Forward(h, FourierOptions.NoScaling);
        var ramp = new double[length];
        for (var k = 0; k < length; k++) ramp[k] = 2 * h[k].Real * Window(filter, k, length);
        var response = new float[length];
        for (var k = 0; k < length; k++) response[k] = (float)(0.25 * (ramp[k] + ramp[(length - k) % length]));
        return response;
    }

    /// <summary>scikit-image's windows (<c>_get_fourier_filter</c>) at bin <paramref name="k"/> of
    /// <paramref name="p"/>.</summary>
    private static double Window(ReconstructionFilter filter, int k, int p)
    {
        var shifted = (k + p / 2) % p; // numpy.fft.fftshift of an even-length array
        switch (filter)
        {
            case ReconstructionFilter.RamLak:
                return 1;
            case ReconstructionFilter.SheppLogan:
                if (k == 0) return 1;
                var omega = Math.PI * (k < p / 2 ? k : k - p) / p; // π·fftfreq
                return Math.Sin(omega) / omega;
            case ReconstructionFilter.Cosine:
                return Math.Sin(Math.PI * shifted / p);
            case ReconstructionFilter.Hamming:
                return 0.54 - 0.46 * Math.Cos(2 * Math.PI * shifted / (p - 1));
            case ReconstructionFilter.Hann:
                return 0.5 - 0.5 * Math.Cos(2 * Math.PI * shifted / (p - 1));
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown reconstruction filter.");
        }
    }

    /// <summary>
    /// Filters every line of <paramref name="lineLength"/> samples of <paramref name="data"/> in place with
    /// <paramref name="response"/> (of the padded length), then multiplies by <paramref name="scale"/> (1/τ).
    /// </summary>
    public static void FilterLines(float[] data, int lineLength, float[] response, float scale,
        CancellationToken cancellationToken)
    {
        var lines = data.Length / lineLength;
        var pairs = (lines + 1) / 2;
        var p = response.Length;
        var norm = scale / p; // the inverse transform is unscaled
        Parallel.For(0, pairs, new ParallelOptions { CancellationToken = cancellationToken },
            () => new Complex32[p],
            (pair, _, buffer) =>
            {
                var a = 2 * pair * lineLength;
                var hasB = 2 * pair + 1 < lines;
                var b = a + lineLength;
                Array.Clear(buffer);
                for (var n = 0; n < lineLength; n++)
                    buffer[n] = new Complex32(data[a + n], hasB ? data[b + n] : 0f);
                Fourier.Forward(buffer, FourierOptions.NoScaling);
                for (var k = 0; k < p; k++) buffer[k] *= response[k];
                Fourier.Inverse(buffer, FourierOptions.NoScaling);
                for (var n = 0; n < lineLength; n++)
                {
                    data[a + n] = buffer[n].Real * norm;
                    if (hasB) data[b + n] = buffer[n].Imaginary * norm;
                }
                return buffer;
            },
            _ => { });
    }
}
