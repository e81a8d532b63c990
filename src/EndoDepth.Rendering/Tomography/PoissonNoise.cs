using EndoDepth.Randomness;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// Photon-counting noise on line integrals: the detector counts N ~ Poisson(N₀·e^(−p)) and the measured line integral
/// is −ln(max(N, 1)/N₀) (a zero count is read as one photon). Poisson deviates come from Knuth's product of uniforms
/// below a mean of 64 and from the normal approximation N(λ, λ) rounded and clipped at 0 above it (relative error of
/// the variance below 1 % there). One random stream per view, derived from the seed with <see cref="SplitMix64.For"/>,
/// so the noise does not depend on scheduling.
/// </summary>
internal static class PoissonNoise
{
    /// <summary>Stream of <see cref="Seed.Derive64"/> for projection noise.</summary>
    private const long NoiseStream = 0x43_54_4E_01; // "CTN1"

    /// <summary>Replaces each line integral by a noisy measurement at <paramref name="photons"/> N₀.</summary>
    public static void Apply(float[] values, int views, double photons, int seed, CancellationToken cancellationToken)
    {
        var perView = values.Length / views;
        var logN0 = Math.Log(photons);
        Parallel.For(0, views, new ParallelOptions { CancellationToken = cancellationToken }, view =>
        {
            var rng = SplitMix64.For(seed, view, NoiseStream);
            for (var n = view * perView; n < (view + 1) * perView; n++)
            {
                var count = Sample(ref rng, photons * Math.Exp(-values[n]));
                values[n] = (float)(logN0 - Math.Log(Math.Max(count, 1)));
            }
        });
    }

    /// <summary>A Poisson deviate of mean <paramref name="lambda"/>.</summary>
    public static double Sample(ref SplitMix64 rng, double lambda)
    {
        if (lambda < 64)
        {
            var limit = Math.Exp(-lambda);
            var k = -1;
            var p = 1.0;
            do
            {
                k++;
                p *= rng.NextDouble();
            }
            while (p > limit);
            return k;
        }
        return Math.Max(0, Math.Round(lambda + Math.Sqrt(lambda) * rng.Gaussian()));
    }
}
