using EndoDepth.Randomness;
namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// Small smooth random wall deformation: a sum of six travelling sinusoids in (arc length, angle) with integer angular
/// orders (so it is periodic around the axis), normalised so that its magnitude never exceeds the amplitude.
/// </summary>
internal sealed class WallDeformation
{
    private readonly float[] _a, _k, _m, _phase;

    public WallDeformation(float amplitudeMm, float wavelengthMm, ref SplitMix64 rng)
    {
        const int terms = 6;
        _a = new float[terms]; _k = new float[terms]; _m = new float[terms]; _phase = new float[terms];
        var sum = 0f;
        for (var j = 0; j < terms; j++)
        {
            _a[j] = rng.Uniform(0.3f, 1f); sum += _a[j];
            _k[j] = 2 * MathF.PI / (wavelengthMm * rng.Uniform(0.5f, 2f));
            _m[j] = rng.NextInt(6);
            _phase[j] = rng.Uniform(0, 2 * MathF.PI);
        }
        for (var j = 0; j < terms; j++) _a[j] *= amplitudeMm / sum;
        IsZero = amplitudeMm <= 0;
    }

    public bool IsZero { get; }

    /// <summary>Outward wall displacement (mm) at arc length <paramref name="s"/> and angle
    /// <paramref name="phi"/>.</summary>
    public float At(float s, float phi)
    {
        if (IsZero) return 0f;
        var v = 0f;
        for (var j = 0; j < _a.Length; j++) v += _a[j] * MathF.Sin(_k[j] * s + _m[j] * phi + _phase[j]);
        return v;
    }
}
