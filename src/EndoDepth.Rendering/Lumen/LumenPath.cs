using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Lumen;

/// <summary>
/// A lumen centerline found in a CT volume: world points (mm) at equal arc-length steps, unit tangents, a
/// rotation-minimising frame (normal, binormal) and the distance to the wall at each point.
/// </summary>
public sealed class LumenPath
{
    private readonly Float3[] _points, _tangents, _normals;
    private readonly float[] _radii;

    /// <summary>Creates a path from resampled points and their wall distances (frames are computed here).</summary>
    /// <exception cref="ArgumentException">Fewer than two points, or mismatched lengths.</exception>
    public LumenPath(IReadOnlyList<Float3> points, IReadOnlyList<float> radii, float stepMm)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(radii);
        if (points.Count < 2 || radii.Count != points.Count) throw new ArgumentException("A lumen path needs ≥ 2 points and one radius per point.", nameof(points));
        _points = points.ToArray(); _radii = radii.ToArray(); StepMm = stepMm;
        var n = _points.Length;
        _tangents = new Float3[n];
        for (var i = 0; i < n; i++)
            _tangents[i] = Float3.Normalize(_points[Math.Min(i + 1, n - 1)] - _points[Math.Max(i - 1, 0)]);
        // Rotation-minimising frame by double reflection (Wang et al. 2008).
        _normals = new Float3[n];
        var t0 = _tangents[0];
        var seed = MathF.Abs(t0.X) < 0.9f ? Float3.UnitX : Float3.UnitY;
        _normals[0] = Float3.Normalize(seed - t0 * Float3.Dot(seed, t0));
        for (var i = 0; i < n - 1; i++)
        {
            var v1 = _points[i + 1] - _points[i];
            var c1 = Float3.Dot(v1, v1);
            if (c1 < 1e-12f) { _normals[i + 1] = _normals[i]; continue; }
            var rL = _normals[i] - v1 * (2f / c1 * Float3.Dot(v1, _normals[i]));
            var tL = _tangents[i] - v1 * (2f / c1 * Float3.Dot(v1, _tangents[i]));
            var v2 = _tangents[i + 1] - tL;
            var c2 = Float3.Dot(v2, v2);
            var r = c2 < 1e-12f ? rL : rL - v2 * (2f / c2 * Float3.Dot(v2, rL));
            _normals[i + 1] = Float3.Normalize(r - _tangents[i + 1] * Float3.Dot(r, _tangents[i + 1]));
        }
    }

    /// <summary>Number of points.</summary>
    public int Count => _points.Length;
    /// <summary>Arc length between consecutive points (mm).</summary>
    public float StepMm { get; }
    /// <summary>Total arc length (mm).</summary>
    public float LengthMm => (Count - 1) * StepMm;
    /// <summary>Points (world, mm).</summary>
    public IReadOnlyList<Float3> Points => _points;
    /// <summary>Unit tangents.</summary>
    public IReadOnlyList<Float3> Tangents => _tangents;
    /// <summary>Distance from each point to the wall (mm).</summary>
    public IReadOnlyList<float> Radii => _radii;

    /// <summary>Point, tangent, normal, binormal and wall distance at arc length <paramref name="s"/> (clamped), interpolated.</summary>
    public (Float3 Point, Float3 Tangent, Float3 Normal, Float3 Binormal, float Radius) At(float s)
    {
        var u = Math.Clamp(s / StepMm, 0f, Count - 1);
        var i = Math.Min((int)u, Count - 2);
        var f = u - i;
        var t = Float3.Normalize(Float3.Lerp(_tangents[i], _tangents[i + 1], f));
        var nrm = Float3.Lerp(_normals[i], _normals[i + 1], f);
        nrm = Float3.Normalize(nrm - t * Float3.Dot(nrm, t));
        return (Float3.Lerp(_points[i], _points[i + 1], f), t, nrm, Float3.Cross(t, nrm), _radii[i] + (_radii[i + 1] - _radii[i]) * f);
    }
}
