using EndoDepth.Imaging;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Registration.Tests;

/// <summary>The linear-power comparison takes display values back to linear radiance exactly up to the exposure.
/// </summary>
public sealed class ShadingComparisonTests
{
    [Fact]
    public void The_inverse_filmic_curve_inverts_it()
    {
        for (var y = 0.001f; y < 0.999f; y += 0.001f)
            Assert.Equal(y, ToneMapping.Filmic(ShadingStructure.InverseFilmic(y)), 4);
        Assert.Equal(0f, ShadingStructure.InverseFilmic(0f));
    }

    [Fact]
    public void Display_values_go_back_to_linear_luminance_up_to_the_exposure_gain()
    {
        // A radiance ramp through the camera response (auto-exposure, filmic, gamma 2.2): the recovered luminance is
        // the radiance times one constant (the exposure) wherever the display value is not saturated.
        var hdr = new ImageF(32, 1, 3);
        for (var x = 0; x < 32; x++)
            for (var c = 0; c < 3; c++) hdr[x, 0, c] = 0.01f * MathF.Pow(1.25f, x);
        var tone = new ToneMapping();
        var linear = ShadingStructure.OpticalLinear(tone.Apply(hdr), tone, out var valid);
        var gain = tone.ExposureScale(hdr);
        var compared = 0;
        for (var x = 0; x < 32; x++)
        {
            if (!valid[x]) continue;
            Assert.Equal(1.0, linear[x] / (gain * hdr[x, 0, 0]), 3);
            compared++;
        }
        Assert.True(compared >= 30, $"{compared} unsaturated pixels");
    }

    [Fact]
    public void A_saturated_pixel_is_left_out()
    {
        var display = new ImageF(2, 1, 3);
        for (var c = 0; c < 3; c++) { display[0, 0, c] = 0.5f; display[1, 0, c] = 1f; }
        display[1, 0, 0] = 0.5f; // one channel below saturation is not enough
        ShadingStructure.OpticalLinear(display, new ToneMapping(), out var valid);
        Assert.Equal([true, false], valid);
    }
}
