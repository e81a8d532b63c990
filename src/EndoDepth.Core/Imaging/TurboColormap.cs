namespace EndoDepth.Imaging;

/// <summary>
/// Google's Turbo colormap (A. Mikhailov, 2019; © Google LLC, Apache License 2.0): a perceptually ordered rainbow from
/// dark blue (0) through green to dark red (1). Evaluated by linear interpolation between 33 evenly spaced samples of
/// its reference table (within 0.013 of the full 256-entry table; the published degree-5 polynomial is off by up to
/// 0.125 at the ends).
/// </summary>
public static class TurboColormap
{
    private const int Knots = 33;

    // R, G, B at t = k / 32, k = 0..32.
    private static readonly float[] Table =
    [
        0.1900f, 0.0718f, 0.2322f,
        0.2250f, 0.1635f, 0.4510f,
        0.2511f, 0.2524f, 0.6337f,
        0.2682f, 0.3382f, 0.7805f,
        0.2763f, 0.4212f, 0.8912f,
        0.2754f, 0.5011f, 0.9659f,
        0.2586f, 0.5796f, 0.9988f,
        0.2138f, 0.6589f, 0.9796f,
        0.1584f, 0.7355f, 0.9231f,
        0.1117f, 0.8057f, 0.8452f,
        0.0927f, 0.8655f, 0.7623f,
        0.1201f, 0.9119f, 0.6866f,
        0.1966f, 0.9490f, 0.5947f,
        0.3051f, 0.9770f, 0.4899f,
        0.4278f, 0.9942f, 0.3857f,
        0.5466f, 0.9991f, 0.2958f,
        0.6436f, 0.9900f, 0.2336f,
        0.7260f, 0.9647f, 0.2064f,
        0.8047f, 0.9245f, 0.2046f,
        0.8753f, 0.8727f, 0.2155f,
        0.9330f, 0.8124f, 0.2267f,
        0.9732f, 0.7468f, 0.2254f,
        0.9931f, 0.6741f, 0.2035f,
        0.9959f, 0.5870f, 0.1690f,
        0.9836f, 0.4929f, 0.1285f,
        0.9580f, 0.3996f, 0.0883f,
        0.9211f, 0.3149f, 0.0548f,
        0.8742f, 0.2453f, 0.0330f,
        0.8161f, 0.1846f, 0.0181f,
        0.7462f, 0.1310f, 0.0085f,
        0.6645f, 0.0844f, 0.0042f,
        0.5710f, 0.0447f, 0.0053f,
        0.4796f, 0.0158f, 0.0106f,
    ];

    /// <summary>
    /// The colour of <paramref name="t"/> ∈ [0, 1] (clamped; NaN maps to 0) as display RGB in [0, 1].
    /// </summary>
    public static (float R, float G, float B) Map(double t)
    {
        var x = (double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1)) * (Knots - 1);
        var k = Math.Min((int)x, Knots - 2);
        var f = (float)(x - k);
        var a = 3 * k;
        return (Lerp(Table[a], Table[a + 3], f), Lerp(Table[a + 1], Table[a + 4], f),
            Lerp(Table[a + 2], Table[a + 5], f));
    }

    private static float Lerp(float a, float b, float f) => a + (b - a) * f;
}
