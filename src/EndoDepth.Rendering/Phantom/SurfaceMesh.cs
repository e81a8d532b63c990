using System.Globalization;
using System.Text;
using EndoDepth.Geometry;
using EndoDepth.IO;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// Exports a phantom's wall as a Wavefront OBJ triangle mesh (mm) for viewing elsewhere: the tube is meshed directly
/// from its parametric form (one ring per centerline sample), polyps as UV spheres and stalk cylinders that overlap
/// the wall (the mesh is for looking at; the ray caster uses the signed distance grid).
/// </summary>
public static class SurfaceMesh
{
    /// <summary>Writes <paramref name="phantom"/>'s surface to <paramref name="path"/> (atomically).</summary>
    /// <param name="phantom">The phantom.</param>
    /// <param name="path">Output .obj path.</param>
    /// <param name="segments">Vertices per ring around the axis.</param>
    public static void WriteObj(ColonPhantom phantom, string path, int segments = 96)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 8);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# EndoDepth colon phantom {phantom.Id} (mm)\no wall\n");
        var line = phantom.Centerline;
        for (var k = 0; k < line.Count; k++)
        {
            var s = k * line.StepMm;
            var f = line.At(s);
            for (var a = 0; a < segments; a++)
            {
                var phi = 2 * MathF.PI * a / segments;
                var dir = f.Normal * MathF.Cos(phi) + f.Binormal * MathF.Sin(phi);
                Vertex(sb, f.Point + dir * phantom.WallRadius(s, phi, f.Radius));
            }
        }
        for (var k = 0; k + 1 < line.Count; k++)
            for (var a = 0; a < segments; a++)
            {
                int v00 = k * segments + a + 1, v01 = k * segments + (a + 1) % segments + 1;
                int v10 = v00 + segments, v11 = v01 + segments;
                sb.Append(CultureInfo.InvariantCulture, $"f {v00} {v10} {v11}\nf {v00} {v11} {v01}\n");
            }
        var next = line.Count * segments + 1;
        var n = 0;
        foreach (var p in phantom.Polyps)
        {
            sb.Append(CultureInfo.InvariantCulture, $"o polyp{n++}\n");
            next = Sphere(sb, p.HeadCenter, p.HeadRadiusMm, next);
            if (p.IsPedunculated) next = Cylinder(sb, p.Base, p.HeadCenter, p.StalkRadiusMm, next);
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static void Vertex(StringBuilder sb, Float3 v)
        => sb.Append(CultureInfo.InvariantCulture, $"v {v.X:G7} {v.Y:G7} {v.Z:G7}\n");

    private static int Sphere(StringBuilder sb, Float3 c, float r, int first)
    {
        const int rings = 10, segs = 16;
        for (var i = 0; i <= rings; i++)
        {
            var th = MathF.PI * i / rings;
            for (var j = 0; j < segs; j++)
            {
                var ph = 2 * MathF.PI * j / segs;
                Vertex(sb, c + new Float3(MathF.Sin(th) * MathF.Cos(ph), MathF.Sin(th) * MathF.Sin(ph),
                    MathF.Cos(th)) * r);
            }
        }
        for (var i = 0; i < rings; i++)
            for (var j = 0; j < segs; j++)
            {
                int a = first + i * segs + j, b = first + i * segs + (j + 1) % segs;
                sb.Append(CultureInfo.InvariantCulture, $"f {a} {a + segs} {b + segs}\nf {a} {b + segs} {b}\n");
            }
        return first + (rings + 1) * segs;
    }

    private static int Cylinder(StringBuilder sb, Float3 a, Float3 b, float r, int first)
    {
        const int segs = 12;
        var axis = Float3.Normalize(b - a);
        var u = Float3.Normalize(Float3.Cross(axis, MathF.Abs(axis.X) < 0.9f ? Float3.UnitX : Float3.UnitY));
        var v = Float3.Cross(axis, u);
        foreach (var c in (ReadOnlySpan<Float3>)[a, b])
            for (var j = 0; j < segs; j++)
            {
                var ph = 2 * MathF.PI * j / segs;
                Vertex(sb, c + (u * MathF.Cos(ph) + v * MathF.Sin(ph)) * r);
            }
        for (var j = 0; j < segs; j++)
        {
            int p0 = first + j, p1 = first + (j + 1) % segs;
            sb.Append(CultureInfo.InvariantCulture, $"f {p0} {p0 + segs} {p1 + segs}\nf {p0} {p1 + segs} {p1}\n");
        }
        return first + 2 * segs;
    }
}
