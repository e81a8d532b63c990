using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Metrics;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;

namespace EndoDepth.Rendering.Tests.Cinematic;

/// <summary>The à-trous denoiser on synthetic feature buffers whose noise-free image is known exactly.</summary>
public class DenoiserTests
{
    private const int Size = 48;

    /// <summary>A flat wall 20 mm ahead filling the left 3/4 of the image, void on the right; a checker texture.
    /// </summary>
    private static FirstHitFeatures Wall()
    {
        var n = Size * Size;
        var f = new FirstHitFeatures
        {
            Width = Size, Height = Size, Valid = new bool[n], Position = new Float3[n], Normal = new Float3[n],
            Albedo = new Float3[n],
        };
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var i = y * Size + x;
                f.Albedo[i] = new Float3(1f, 1f, 1f);
                if (x >= Size * 3 / 4) continue;
                f.Valid[i] = true;
                f.Position[i] = new Float3((x - Size / 2) * 0.2f, (y - Size / 2) * 0.2f, 20f);
                f.Normal[i] = new Float3(0f, 0f, -1f);
                var checker = ((x / 3) + (y / 3)) % 2 == 0 ? 1.4f : 0.6f;
                f.Albedo[i] = new Float3(checker, checker * 0.8f, checker * 0.7f);
            }
        return f;
    }

    /// <summary>The noise-free image: illumination 0.5 on the wall times its albedo, 0.05 in the void.</summary>
    private static ImageF Clean(FirstHitFeatures f)
    {
        var image = new ImageF(Size, Size, 3);
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var i = y * Size + x;
                var c = f.Valid[i] ? f.Albedo[i] * 0.5f : new Float3(0.05f, 0.05f, 0.05f);
                image[x, y, 0] = c.X; image[x, y, 1] = c.Y; image[x, y, 2] = c.Z;
            }
        return image;
    }

    private static ImageF Noisy(ImageF clean, float relativeSigma, int seed)
    {
        var rng = new Random(seed);
        var o = new ImageF(clean.Width, clean.Height, 3);
        for (var i = 0; i < o.Data.Length; i++)
        {
            // Box–Muller; multiplicative noise like a Monte Carlo estimate's.
            var g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            o.Data[i] = clean.Data[i] * (1f + relativeSigma * (float)g);
        }
        return o;
    }

    [Fact]
    public void A_noise_free_image_with_flat_illumination_is_left_as_it_is()
    {
        var f = Wall();
        var clean = Clean(f);
        var o = AtrousDenoiser.Denoise(clean, f, new DenoiserSettings());
        for (var i = 0; i < clean.Data.Length; i++) Assert.Equal(clean.Data[i], o.Data[i], 5e-6f);
    }

    [Fact]
    public void Noise_falls_tenfold_while_the_texture_the_features_know_stays_sharp()
    {
        var f = Wall();
        var clean = Clean(f);
        var noisy = Noisy(clean, 0.3f, 1);
        var o = AtrousDenoiser.Denoise(noisy, f, new DenoiserSettings());
        var before = ImageQuality.RelativeMse(noisy, clean);
        var after = ImageQuality.RelativeMse(o, clean);
        Assert.True(after < before / 10, $"relative MSE {before:G3} → {after:G3}");
        // The checker's contrast survives: 3-pixel squares stay 1.4 / 0.6 ≈ 2.3 apart in brightness.
        var brightSquare = o[1, 1, 0]; // (x/3 + y/3) even: albedo 1.4
        var darkSquare = o[4, 1, 0];   // odd: albedo 0.6
        Assert.InRange(brightSquare / darkSquare, 2.0f, 2.6f);
    }

    [Fact]
    public void The_wall_and_the_void_beyond_it_never_mix()
    {
        var f = Wall();
        var clean = Clean(f);
        var noisy = Noisy(clean, 0.3f, 2);
        var o = AtrousDenoiser.Denoise(noisy, f, new DenoiserSettings());
        // Void pixels average only void pixels: their mean stays the void's, far below the wall's.
        double voidMean = 0;
        var count = 0;
        for (var y = 0; y < Size; y++)
            for (var x = Size * 3 / 4; x < Size; x++) { voidMean += o[x, y, 0]; count++; }
        Assert.Equal(0.05, voidMean / count, 0.005);
    }

    [Fact]
    public void The_renderer_denoises_the_looks_but_never_the_depth()
    {
        var volume = TestVolumes.Tube(16, 20, 5f);
        var view = new CameraView(CameraModel.Fisheye(24, 24, 140f),
            RigidPose.LookAt(new Float3(7.5f, 7.5f, 3f), new Float3(7.5f, 7.5f, 13f), Float3.UnitX));
        var raw = new CinematicSettings(SamplesPerPixel: 2);
        using var plain = new CinematicRenderer(raw);
        using var denoised = new CinematicRenderer(raw with { Denoiser = new DenoiserSettings() });
        var a = plain.RenderDetailed(volume, view, [CinematicPresets.PinkMucosa]);
        var b = denoised.RenderDetailed(volume, view, [CinematicPresets.PinkMucosa]);
        Assert.Equal(a.Depth.Millimetres, b.Depth.Millimetres);
        Assert.Equal(a.Normals.Data, b.Normals.Data);
        Assert.NotEqual(a.Hdr[0].Data, b.Hdr[0].Data);
        Assert.NotEqual(raw, raw with { Denoiser = new DenoiserSettings() }); // part of a dataset's recipe
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new DenoiserSettings(Iterations: 0).Validate());
        Assert.Throws<ArgumentException>(() => new DenoiserSettings(ColourSigma: float.NaN).Validate());
        Assert.Throws<ArgumentException>(() => new DenoiserSettings(PlaneSigma: 0f).Validate());
        Assert.Throws<ArgumentException>(() => new DenoiserSettings(NormalPower: -1f).Validate());
    }
}
