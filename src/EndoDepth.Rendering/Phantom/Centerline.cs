using System.Globalization;
using System.Text;
using System.Text.Json;
using EndoDepth.Geometry;
using EndoDepth.IO;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// A lumen centerline as a polyline with a rotation-minimising frame and the lumen radius at every sample (for camera
/// paths): the phantom's own axis, or one traced in a CT volume (<see cref="FromPoints"/>). Sample k lies at arc length
/// k·<see cref="StepMm"/>.
/// </summary>
public sealed class Centerline
{
    private readonly Float3[] _points, _tangents, _normals, _binormals;
    private readonly float[] _radii;

    internal Centerline(Float3[] points, Float3[] tangents, Float3[] normals, Float3[] binormals, float[] radii,
        float stepMm)
    {
        _points = points; _tangents = tangents; _normals = normals; _binormals = binormals; _radii = radii; StepMm
            = stepMm;
    }

    /// <summary>
    /// A centerline through resampled <paramref name="points"/> (equal arc-length steps) with their lumen radii;
    /// tangents
    /// by central differences and the rotation-minimising frame by double reflection (Wang et al. 2008).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two points, or one radius per point missing.</exception>
    public static Centerline FromPoints(IReadOnlyList<Float3> points, IReadOnlyList<float> radii, float stepMm)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(radii);
        if (points.Count < 2 || radii.Count != points.Count)
            throw new ArgumentException("A centerline needs ≥ 2 points and one radius per point.", nameof(points));
        var p = points.ToArray();
        var n = p.Length;
        var t = new Float3[n];
        for (var i = 0; i < n; i++)
            t[i] = Float3.Normalize(p[Math.Min(i + 1, n - 1)] - p[Math.Max(i - 1, 0)]);
        var nn = new Float3[n];
        var seed = MathF.Abs(t[0].X) < 0.9f ? Float3.UnitX : Float3.UnitY;
        nn[0] = Float3.Normalize(seed - t[0] * Float3.Dot(seed, t[0]));
        for (var i = 0; i < n - 1; i++)
        {
            var v1 = p[i + 1] - p[i];
            var c1 = Float3.Dot(v1, v1);
            if (c1 < 1e-12f) { nn[i + 1] = nn[i]; continue; }
            var rL = nn[i] - v1 * (2f / c1 * Float3.Dot(v1, nn[i]));
            var tL = t[i] - v1 * (2f / c1 * Float3.Dot(v1, t[i]));
            var v2 = t[i + 1] - tL;
            var c2 = Float3.Dot(v2, v2);
            var r = c2 < 1e-12f ? rL : rL - v2 * (2f / c2 * Float3.Dot(v2, rL));
            nn[i + 1] = Float3.Normalize(r - t[i + 1] * Float3.Dot(r, t[i + 1]));
        }
        var b = new Float3[n];
        for (var i = 0; i < n; i++) b[i] = Float3.Cross(t[i], nn[i]);
        return new Centerline(p, t, nn, b, radii.ToArray(), stepMm);
    }

    /// <summary>Number of samples.</summary>
    public int Count => _points.Length;
    /// <summary>Arc length between consecutive samples (mm).</summary>
    public float StepMm { get; }
    /// <summary>Total arc length (mm).</summary>
    public float LengthMm => (Count - 1) * StepMm;
    /// <summary>Sample positions (mm).</summary>
    public IReadOnlyList<Float3> Points => _points;
    /// <summary>Unit tangents.</summary>
    public IReadOnlyList<Float3> Tangents => _tangents;
    /// <summary>Unit normals of the rotation-minimising frame (angle 0 around the axis).</summary>
    public IReadOnlyList<Float3> Normals => _normals;
    /// <summary>Unit binormals (tangent × normal; angle 90° around the axis).</summary>
    public IReadOnlyList<Float3> Binormals => _binormals;
    /// <summary>Lumen radius at each sample (mm): the phantom's mean radius before folds, polyps and deformation, or a
    /// traced lumen's distance to the wall.</summary>
    public IReadOnlyList<float> Radii => _radii;

    internal Float3[] PointArray => _points;
    internal Float3[] TangentArray => _tangents;
    internal Float3[] NormalArray => _normals;
    internal Float3[] BinormalArray => _binormals;
    internal float[] RadiusArray => _radii;

    /// <summary>The frame and radius at arc length <paramref name="s"/> (clamped to the segment), linearly
    /// interpolated.</summary>
    public (Float3 Point, Float3 Tangent, Float3 Normal, Float3 Binormal, float Radius) At(float s)
    {
        var u = Math.Clamp(s / StepMm, 0f, Count - 1);
        var i = Math.Min((int)u, Count - 2);
        var f = u - i;
        var t = Float3.Normalize(Float3.Lerp(_tangents[i], _tangents[i + 1], f));
        var n = Float3.Lerp(_normals[i], _normals[i + 1], f);
        n = Float3.Normalize(n - t * Float3.Dot(n, t));
        return (Float3.Lerp(_points[i], _points[i + 1], f), t, n, Float3.Cross(t, n),
            _radii[i] + (_radii[i + 1] - _radii[i]) * f);
    }

    /// <summary>Writes the polyline as CSV: <c>s_mm,x,y,z,tx,ty,tz,radius_mm</c> (atomically).</summary>
    public void WriteCsv(string path)
    {
        var sb = new StringBuilder("s_mm,x,y,z,tx,ty,tz,radius_mm\n");
        for (var k = 0; k < Count; k++)
        {
            var p = _points[k]; var t = _tangents[k];
            sb.Append(CultureInfo.InvariantCulture,
                $"{k * StepMm:G6},{p.X:G7},{p.Y:G7},{p.Z:G7},{t.X:G6},{t.Y:G6},{t.Z:G6},{_radii[k]:G6}\n");
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// Writes the polyline as JSON (atomically): <c>{"step_mm":…, "points":[[x,y,z],…], "tangents":[…],
    /// "radii_mm":[…]}</c>.
    /// </summary>
    public void WriteJson(string path)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteNumber("step_mm", StepMm);
            w.WriteNumber("length_mm", LengthMm);
            WriteVectors(w, "points", _points);
            WriteVectors(w, "tangents", _tangents);
            w.WriteStartArray("radii_mm");
            foreach (var r in _radii) w.WriteNumberValue(r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        AtomicFile.WriteAllBytes(path, ms.ToArray());
    }

    private static void WriteVectors(Utf8JsonWriter w, string name, Float3[] v)
    {
        w.WriteStartArray(name);
        foreach (var p in v)
        {
            w.WriteStartArray();
            w.WriteNumberValue(p.X); w.WriteNumberValue(p.Y); w.WriteNumberValue(p.Z);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
