using System.Globalization;
using System.Text;
using System.Text.Json;
using EndoDepth.Geometry;
using EndoDepth.IO;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// The colon's centerline as a polyline with a rotation-minimising frame and the mean lumen radius at every sample
/// (for camera paths). Sample k lies at arc length k·<see cref="StepMm"/>.
/// </summary>
public sealed class Centerline
{
    private readonly Float3[] _points, _tangents, _normals, _binormals;
    private readonly float[] _radii;

    internal Centerline(Float3[] points, Float3[] tangents, Float3[] normals, Float3[] binormals, float[] radii, float stepMm)
    {
        _points = points; _tangents = tangents; _normals = normals; _binormals = binormals; _radii = radii; StepMm = stepMm;
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
    /// <summary>Mean lumen radius at each sample (mm), before folds, polyps and deformation.</summary>
    public IReadOnlyList<float> Radii => _radii;

    internal Float3[] PointArray => _points;
    internal Float3[] TangentArray => _tangents;
    internal Float3[] NormalArray => _normals;
    internal Float3[] BinormalArray => _binormals;
    internal float[] RadiusArray => _radii;

    /// <summary>The frame and radius at arc length <paramref name="s"/> (clamped to the segment), linearly interpolated.</summary>
    public (Float3 Point, Float3 Tangent, Float3 Normal, Float3 Binormal, float Radius) At(float s)
    {
        var u = Math.Clamp(s / StepMm, 0f, Count - 1);
        var i = Math.Min((int)u, Count - 2);
        var f = u - i;
        var t = Float3.Normalize(Float3.Lerp(_tangents[i], _tangents[i + 1], f));
        var n = Float3.Lerp(_normals[i], _normals[i + 1], f);
        n = Float3.Normalize(n - t * Float3.Dot(n, t));
        return (Float3.Lerp(_points[i], _points[i + 1], f), t, n, Float3.Cross(t, n), _radii[i] + (_radii[i + 1] - _radii[i]) * f);
    }

    /// <summary>Writes the polyline as CSV: <c>s_mm,x,y,z,tx,ty,tz,radius_mm</c> (atomically).</summary>
    public void WriteCsv(string path)
    {
        var sb = new StringBuilder("s_mm,x,y,z,tx,ty,tz,radius_mm\n");
        for (var k = 0; k < Count; k++)
        {
            var p = _points[k]; var t = _tangents[k];
            sb.Append(CultureInfo.InvariantCulture, $"{k * StepMm:G6},{p.X:G7},{p.Y:G7},{p.Z:G7},{t.X:G6},{t.Y:G6},{t.Z:G6},{_radii[k]:G6}\n");
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// Writes the polyline as JSON (atomically): <c>{"step_mm":…, "points":[[x,y,z],…], "tangents":[…], "radii_mm":[…]}</c>.
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
