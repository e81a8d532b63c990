using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Rendering.Tests.Cinematic;

public class LookTests
{
    [Fact]
    public void Transfer_function_interpolates_linearly_and_clamps()
    {
        var tf = new TransferFunction([
            new TransferPoint(-500, 0, 0.5f, new Float3(0, 0, 0), 0.5f, 0f),
            new TransferPoint(0, 10, 1f, new Float3(1, 0.5f, 0.25f), 0.1f, 0.04f),
        ]);
        var m = tf.Evaluate(-250);
        Assert.Equal(5f, m.SigmaT, 5); Assert.Equal(0.75f, m.Albedo, 5); Assert.Equal(0.25f, m.Colour.Y, 5);
        Assert.Equal(0f, tf.Evaluate(-1000).SigmaT); Assert.Equal(10f, tf.Evaluate(900).SigmaT);
        Assert.Equal(10f, tf.MaxSigmaT(-600, 100)); Assert.Equal(2f, tf.MaxSigmaT(-1000, -400), 5);
        var edited = tf.WithOpacityRamp(-800, -100);
        Assert.Equal(5f, edited.Evaluate(-450).SigmaT, 4);
        Assert.Throws<ArgumentException>(
            () => new TransferFunction([new TransferPoint(0, -1, 0.5f, default, 0.5f, 0)]));
        Assert.Throws<ArgumentException>(() => new TransferFunction([]));
    }

    [Fact]
    public void Solid_noise_is_smooth_bounded_and_zero_on_the_lattice()
    {
        Assert.Equal(0f, SolidNoise.Gradient(new Float3(3, -2, 5), 1u), 6);
        var rng = new PathRandom(1, 1, 1);
        double sum = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var p = new Float3(rng.NextFloat() * 50, rng.NextFloat() * 50, rng.NextFloat() * 50);
            var v = SolidNoise.Gradient(p, 3u);
            Assert.InRange(v, -1.5f, 1.5f);
            Assert.True(MathF.Abs(v - SolidNoise.Gradient(p + new Float3(1e-3f, 0, 0), 3u)) < 0.02f);
            sum += v;
        }
        Assert.InRange(sum / 20_000, -0.05, 0.05);
    }

    [Fact]
    public void Tone_mapping_is_monotone_and_maps_to_unit_range()
    {
        var prev = -1f;
        for (var x = 0f; x < 50f; x += 0.01f)
        {
            var y = ToneMapping.Filmic(x);
            Assert.InRange(y, 0f, 1f);
            Assert.True(y >= prev);
            prev = y;
        }
        var hdr = new ImageF(4, 4, 3);
        for (var i = 0; i < hdr.Data.Length; i++) hdr.Data[i] = i * 0.001f;
        var ldr = new ToneMapping(AutoExposure: false, ExposureEv: 3f).Apply(hdr);
        Assert.Equal(MathF.Pow(ToneMapping.Filmic(hdr.Data[17] * 8f), 1 / 2.2f), ldr.Data[17], 5);
    }

    [Fact]
    public void Four_built_in_looks_differ_in_colour_texture_specularity_g_and_ramp()
    {
        var looks = CinematicPresets.BuiltIn;
        Assert.Equal(4, looks.Count);
        Assert.Equal(4, looks.Select(l => l.Name).Distinct().Count());
        foreach (var l in looks) l.Validate();
        for (var a = 0; a < 4; a++)
            for (var b = a + 1; b < 4; b++)
            {
                var pa = looks[a].Transfer.Evaluate(40); var pb = looks[b].Transfer.Evaluate(40);
                Assert.NotEqual(pa.Colour, pb.Colour);
                Assert.NotEqual(pa.Specular, pb.Specular);
                Assert.NotEqual(pa.Roughness, pb.Roughness);
                Assert.NotEqual(looks[a].Texture, looks[b].Texture);
                Assert.NotEqual(looks[a].PhaseG, looks[b].PhaseG);
                Assert.NotEqual(looks[a].Transfer.Evaluate(-500).SigmaT, looks[b].Transfer.Evaluate(-500).SigmaT);
            }
        Assert.Same(CinematicPresets.PaleGlossy, CinematicPresets.ByName("PALE-GLOSSY"));
        Assert.Throws<ArgumentException>(() => CinematicPresets.ByName("nope"));
    }

    [Fact]
    public void Random_looks_are_seeded_valid_and_varied()
    {
        var a = CinematicPresets.Random(5); var b = CinematicPresets.Random(5); var c = CinematicPresets.Random(6);
        Assert.Equal("random-5", a.Name);
        Assert.Equal(a.Texture, b.Texture);
        Assert.Equal(a.Transfer.Points, b.Transfer.Points);
        Assert.Equal(a.PhaseG, b.PhaseG);
        Assert.NotEqual(a.Transfer.Points, c.Transfer.Points);
        for (var s = 0; s < 50; s++) CinematicPresets.Random(s).Validate();
    }
}
