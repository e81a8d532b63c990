using SkiaSharp;

namespace EndoDepth.Experiments.Report;

/// <summary>
/// Piecewise-linear colour ramps for depth and error maps: <see cref="Depth"/> through the five viridis anchor colours
/// (perceptually ordered, colour-blind safe), <see cref="Error"/> through the five inferno anchors. Invalid pixels are
/// drawn in <see cref="Invalid"/>.
/// </summary>
internal sealed class ColourRamp
{
    private readonly SKColor[] _anchors;

    private ColourRamp(params SKColor[] anchors) => _anchors = anchors;

    /// <summary>Depth: near = dark purple, far = yellow (viridis anchors).</summary>
    public static ColourRamp Depth { get; } = new(new SKColor(0x44, 0x01, 0x54), new SKColor(0x3b, 0x52, 0x8b),
        new SKColor(0x21, 0x91, 0x8c), new SKColor(0x5e, 0xc9, 0x62), new SKColor(0xfd, 0xe7, 0x25));

    /// <summary>Absolute error: zero = black, large = pale yellow (inferno anchors).</summary>
    public static ColourRamp Error { get; } = new(new SKColor(0x00, 0x00, 0x04), new SKColor(0x57, 0x10, 0x6e),
        new SKColor(0xbc, 0x37, 0x54), new SKColor(0xf9, 0x8e, 0x09), new SKColor(0xfc, 0xff, 0xa4));

    /// <summary>Colour of invalid pixels.</summary>
    public static SKColor Invalid { get; } = new(0x80, 0x80, 0x80);

    /// <summary>
    /// The colour of <paramref name="value"/> on the range [<paramref name="min"/>, <paramref name="max"/>] (clamped).
    /// </summary>
    public SKColor Map(double value, double min, double max)
    {
        if (double.IsNaN(value)) return Invalid;
        var t = max > min ? Math.Clamp((value - min) / (max - min), 0, 1) : 0;
        var s = t * (_anchors.Length - 1);
        var i = Math.Min((int)s, _anchors.Length - 2);
        var f = s - i;
        SKColor a = _anchors[i], b = _anchors[i + 1];
        return new SKColor(Lerp(a.Red, b.Red, f), Lerp(a.Green, b.Green, f), Lerp(a.Blue, b.Blue, f));
    }

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
