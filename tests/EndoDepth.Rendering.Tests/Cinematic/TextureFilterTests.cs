using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tests.Cinematic;

/// <summary>
/// Ray-cone texture filtering: the texture's average stands in for the pattern on wide indirect footprints.
/// </summary>
public class TextureFilterTests
{
    private static readonly ComputeDevice Cpu = new(ComputeBackend.ParallelFor);

    [Fact]
    public void Average_multiplier_equals_the_pattern_averaged_over_a_lattice_elsewhere()
    {
        // The pattern is stationary: a dense regular lattice over another region (not the random cube the average is
        // taken over) gives the same mean per channel.
        foreach (var look in CinematicPresets.BuiltIn)
        {
            var t = look.Texture;
            var mean = t.AverageMultiplier();
            var step = t.LargestFeatureMm * 0.37f;
            double r = 0, g = 0, b = 0;
            const int n = 40;
            for (var k = 0; k < n; k++)
                for (var j = 0; j < n; j++)
                    for (var i = 0; i < n; i++)
                    {
                        var m = t.Evaluate(
                            new Float3(-5000f + i * step, 3000f + j * step * 1.13f, 777f + k * step * 0.91f));
                        r += m.X; g += m.Y; b += m.Z;
                    }
            const double count = n * n * n;
            Assert.InRange(mean.X, r / count * 0.985, r / count * 1.015);
            Assert.InRange(mean.Y, g / count * 0.985, g / count * 1.015);
            Assert.InRange(mean.Z, b / count * 0.985, b / count * 1.015);
        }
    }

    [Fact]
    public void A_flat_texture_gives_the_same_bytes_filtered_or_not()
    {
        // With no pattern the average is exactly 1, so filtering may change nothing: not the sampling, not a byte.
        var volume = TestVolumes.Tube(24, 40, 7f);
        var view = new CameraView(CameraModel.Fisheye(12, 12, 140f),
            RigidPose.LookAt(new Float3(11.5f, 11.5f, 4f), new Float3(11.5f, 11.5f, 30f), Float3.UnitX));
        var flat = CinematicPresets.PinkMucosa with
        {
            Texture = CinematicPreset.MakeTexture(3f, 0f, 6f, 0f, 0f, new Float3(1, 1, 1), 1u),
        };
        Assert.Equal(new Float3(1f, 1f, 1f), flat.Texture.AverageMultiplier());
        float[] Hdr(bool filter) => new CinematicRenderer(
                new CinematicSettings(SamplesPerPixel: 8, Seed: 2, FilterIndirectTexture: filter), Cpu)
            .RenderDetailed(volume, view, [flat]).Hdr[0].Data;
        Assert.Equal(Hdr(false), Hdr(true));
    }

    [Fact]
    public void Filtering_changes_the_pattern_of_indirect_light_but_not_the_mean_radiance()
    {
        // Inside a tube lit from the lens, most events after the first follow a bounce across the lumen (footprint
        // wider than the texture's features): filtered and unfiltered renders differ, but the prefiltered texture is
        // the pattern's average, so the image's mean radiance agrees (the same seed keeps the noise correlated).
        var volume = TestVolumes.Tube(32, 64, 10f);
        var view = new CameraView(CameraModel.Fisheye(16, 16, 140f),
            RigidPose.LookAt(new Float3(15.5f, 15.5f, 6f), new Float3(15.5f, 15.5f, 40f), Float3.UnitX));
        var look = CinematicPresets.RedVascular with
        {
            Texture = CinematicPresets.RedVascular.Texture with { MucosaScaleMm = 1.2f, VesselScaleMm = 2f },
        };
        float[] Hdr(bool filter) => new CinematicRenderer(
                new CinematicSettings(SamplesPerPixel: 64, Seed: 5, SamplesPerLaunch: 16,
                    FilterIndirectTexture: filter),
                Cpu)
            .RenderDetailed(volume, view, [look]).Hdr[0].Data;
        var full = Hdr(false);
        var filtered = Hdr(true);
        Assert.NotEqual(full, filtered);
        for (var c = 0; c < 3; c++)
        {
            var a = full.Skip(c * 256).Take(256).Average(v => (double)v);
            var b = filtered.Skip(c * 256).Take(256).Average(v => (double)v);
            Assert.InRange(b, a * 0.97, a * 1.03);
        }
    }
}
