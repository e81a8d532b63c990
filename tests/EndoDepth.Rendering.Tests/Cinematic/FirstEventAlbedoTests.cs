using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Tests.Compute;

namespace EndoDepth.Rendering.Tests.Cinematic;

/// <summary>The path tracer's first-event albedo AOV and its use as the denoiser's albedo guide.</summary>
[Collection(IlgpuCpuCollection.Name)]
public class FirstEventAlbedoTests(IlgpuCpuFixture fixture)
{
    private static readonly ComputeDevice Cpu = new(ComputeBackend.ParallelFor);
    private static readonly Float3 Colour = new(0.8f, 0.5f, 0.3f);
    private const float SingleScattering = 0.6f;

    /// <summary>One colour and single-scattering albedo at every HU, a flat texture: the albedo is the same at every
    /// collision, colour × albedo.</summary>
    private static CinematicPreset Homogeneous() => new(
        "homogeneous",
        new TransferFunction([
            new TransferPoint(TestVolumes.Air, 0f, SingleScattering, Colour, 0.5f, 0f),
            new TransferPoint(TestVolumes.Tissue, 0.5f, SingleScattering, Colour, 0.5f, 0f),
        ]),
        CinematicPreset.MakeTexture(1f, 0f, 1f, 0f, 0f, new Float3(1, 1, 1), 0u),
        PhaseG: 0.6f);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_homogeneous_albedo_gives_that_albedo_wherever_a_path_scattered_and_zero_where_none_did(bool ilgpu)
    {
        // A ball in air (σt = 0: no collision outside it) seen whole: pixels on it scatter, the corners see only air.
        var volume = TestVolumes.Ball(24, new Float3(1, 1, 1), new Float3(11.5f, 11.5f, 11.5f), 8f);
        var view = new CameraView(CameraModel.Pinhole(12, 12, 70f),
            RigidPose.LookAt(new Float3(11.5f, 11.5f, -6f), new Float3(11.5f, 11.5f, 11.5f), Float3.UnitX));
        var renderer = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: 4, Seed: 2),
            ilgpu ? fixture.Device : Cpu);
        var result = renderer.RenderDetailed(volume, view, [Homogeneous()]);
        var aov = Assert.Single(result.Albedo);
        Float3 expected = Colour * SingleScattering;
        int scattered = 0, none = 0;
        for (var y = 0; y < 12; y++)
            for (var x = 0; x < 12; x++)
            {
                var a = new Float3(aov[x, y, 0], aov[x, y, 1], aov[x, y, 2]);
                if (a.X == 0f && a.Y == 0f && a.Z == 0f) { none++; continue; }
                Assert.Equal(expected.X, a.X, 5);
                Assert.Equal(expected.Y, a.Y, 5);
                Assert.Equal(expected.Z, a.Z, 5);
                scattered++;
            }
        Assert.True(aov[6, 6, 0] > 0f, "the ball's centre must scatter");
        Assert.Equal(0f, aov[0, 0, 0]); // the corner sees past the ball: no path scatters
        Assert.True(scattered > 40 && none > 20, $"scattered {scattered}, none {none}");
    }

    [Fact]
    public void The_guide_averages_over_all_paths_with_unscattered_paths_white_and_floors_it()
    {
        // Two pixels, 4 paths each. Pixel 0: two paths scattered, albedo sums (0.4, 0.2, 0): mean over all paths
        // ((0.4, 0.2, 0) + 2·white) / 4 = (0.6, 0.55, 0.5). Pixel 1: none scattered → white. Floor 0.05 not reached.
        var sums = new float[] { 0.4f, 0f, 0.2f, 0f, 0f, 0f, 2f, 0f };
        var aov = new FirstEventAlbedo(2, 1, 4, sums);
        var guide = aov.Guide(0.05f);
        Assert.Equal(0.6f, guide[0].X, 6);
        Assert.Equal(0.55f, guide[0].Y, 6);
        Assert.Equal(0.5f, guide[0].Z, 6);
        Assert.Equal(new Float3(1f, 1f, 1f), guide[1]);
        var mean = aov.Mean();
        Assert.Equal(0.2f, mean[0, 0, 0], 6); // (0.4) / 2 paths
        Assert.Equal(0.1f, mean[0, 0, 1], 6);
        Assert.Equal(0f, mean[1, 0, 0]);
        // All four paths scattered at a black albedo: the floor bounds the demodulation.
        Assert.Equal(new Float3(0.05f, 0.05f, 0.05f), new FirstEventAlbedo(1, 1, 4, [0f, 0f, 0f, 4f]).Guide(0.05f)[0]);
        Assert.Throws<ArgumentException>(() => new FirstEventAlbedo(2, 1, 4, new float[7]));
    }

    [Fact]
    public void The_guide_changes_the_denoised_look_but_not_the_raw_estimate_nor_the_depth()
    {
        var volume = TestVolumes.Tube(16, 20, 5f);
        var view = new CameraView(CameraModel.Fisheye(24, 24, 140f),
            RigidPose.LookAt(new Float3(7.5f, 7.5f, 3f), new Float3(7.5f, 7.5f, 13f), Float3.UnitX));
        var raw = new CinematicSettings(SamplesPerPixel: 2);
        var r = new CinematicRenderer(raw, Cpu).RenderDetailed(volume, view, [CinematicPresets.PinkMucosa]);
        var surface = new CinematicRenderer(raw with { Denoiser = new DenoiserSettings(FirstEventAlbedo: false) }, Cpu)
            .RenderDetailed(volume, view, [CinematicPresets.PinkMucosa]);
        var events = new CinematicRenderer(raw with { Denoiser = new DenoiserSettings() }, Cpu)
            .RenderDetailed(volume, view, [CinematicPresets.PinkMucosa]);
        Assert.True(new DenoiserSettings().FirstEventAlbedo); // the default guide
        Assert.Equal(r.Albedo[0].Data, events.Albedo[0].Data); // the AOV comes from the raw paths
        Assert.Equal(r.Depth.Millimetres, events.Depth.Millimetres);
        Assert.NotEqual(surface.Hdr[0].Data, events.Hdr[0].Data);
        Assert.NotEqual(r.Hdr[0].Data, events.Hdr[0].Data);
    }
}
