using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Rendering.Tests.Cinematic;

public class PhaseAndBrdfTests
{
    [Theory]
    [InlineData(0.0f)]
    [InlineData(0.5f)]
    [InlineData(0.85f)]
    [InlineData(-0.3f)]
    public void Hg_sampling_mean_cosine_equals_g(float g)
    {
        var rng = new PathRandom(1, 2, 3);
        const int n = 200_000;
        double sum = 0, sum2 = 0;
        var axis = Float3.Normalize(new Float3(0.3f, -0.5f, 0.8f));
        for (var i = 0; i < n; i++)
        {
            var d = HenyeyGreenstein.Sample(axis, g, rng.NextFloat(), rng.NextFloat());
            double c = Float3.Dot(d, axis);
            sum += c; sum2 += c * c;
        }
        var mean = sum / n;
        var se = Math.Sqrt((sum2 / n - mean * mean) / n);
        Assert.InRange(mean, g - 3 * se - 1e-4, g + 3 * se + 1e-4);
    }

    [Theory]
    [InlineData(0.0f)]
    [InlineData(0.7f)]
    [InlineData(0.95f)]
    public void Hg_pdf_integrates_to_one(float g)
    {
        // ∫ p dω = 2π ∫_{-1}^{1} p(μ) dμ, midpoint rule on a fine grid.
        const int n = 400_000;
        double s = 0;
        for (var i = 0; i < n; i++) s += HenyeyGreenstein.Evaluate(-1f + (i + 0.5f) * 2f / n, g);
        Assert.Equal(1.0, s * 2 * Math.PI * 2.0 / n, 3);
    }

    [Fact]
    public void Lambert_brdf_sampling_weight_is_the_albedo()
    {
        var m = new SurfaceMaterial(new Float3(0.8f, 0.5f, 0.3f), 0.5f, 0f);
        var rng = new PathRandom(9, 0, 0);
        var n = Float3.Normalize(new Float3(0.1f, 0.2f, 1f));
        var wo = Float3.Normalize(new Float3(0.5f, 0.1f, 0.7f));
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(
                SurfaceBrdf.Sample(m, n, wo, rng.NextFloat(), rng.NextFloat(), rng.NextFloat(), out var wi, out var w));
            Assert.True(Float3.Dot(wi, n) > 0);
            Assert.Equal(0.8f, w.X, 4); Assert.Equal(0.5f, w.Y, 4); Assert.Equal(0.3f, w.Z, 4);
        }
    }

    [Theory]
    [InlineData(0.2f, 0.9f)]
    [InlineData(0.5f, 0.3f)]
    [InlineData(0.3f, 0.12f)]
    public void Glossy_brdf_importance_sampling_agrees_with_uniform_sampling_and_conserves_energy(
        float roughness, float cosO)
    {
        // The directional albedo ∫ f cos dω estimated two ways: the BRDF's own importance sampling (f·cos/pdf) and
        // uniform hemisphere sampling (f·cos·2π). They must agree (the pdf is the density of the sampler), and be ≤ 1.
        var m = new SurfaceMaterial(new Float3(0.9f, 0.9f, 0.9f), roughness, 0.04f);
        var n = Float3.UnitZ;
        var wo = new Float3(MathF.Sqrt(1 - cosO * cosO), 0, cosO);
        var rng = new PathRandom(5, 1, 1);
        const int count = 400_000;
        double imp = 0, impSq = 0, uni = 0, uniSq = 0;
        for (var i = 0; i < count; i++)
        {
            double a = SurfaceBrdf.Sample(m, n, wo, rng.NextFloat(), rng.NextFloat(), rng.NextFloat(), out _, out var w)
                ? w.X
                : 0;
            imp += a; impSq += a * a;
            var z = rng.NextFloat(); var phi = 2 * MathF.PI * rng.NextFloat(); var r = MathF.Sqrt(1 - z * z);
            double b = SurfaceBrdf.Evaluate(m, n, wo, new Float3(r * MathF.Cos(phi), r * MathF.Sin(phi), z), out _).X
                * 2 * Math.PI;
            uni += b; uniSq += b * b;
        }
        imp /= count; uni /= count;
        var se = Math.Sqrt((impSq / count - imp * imp) / count + (uniSq / count - uni * uni) / count);
        Assert.InRange(imp - uni, -4 * se, 4 * se);
        Assert.True(imp <= 1.0 + 3 * se, $"directional albedo {imp}");
    }

    [Fact]
    public void Random_stream_is_deterministic_and_in_unit_interval()
    {
        var a = new PathRandom(7, 100, 3); var b = new PathRandom(7, 100, 3); var c = new PathRandom(7, 100, 4);
        var differ = false;
        for (var i = 0; i < 10_000; i++)
        {
            var x = a.NextFloat();
            Assert.Equal(x, b.NextFloat());
            Assert.InRange(x, 0f, 0.99999995f);
            differ |= x != c.NextFloat();
        }
        Assert.True(differ);
    }
}
