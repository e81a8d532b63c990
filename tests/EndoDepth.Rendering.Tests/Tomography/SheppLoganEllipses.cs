namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>
/// The modified Shepp–Logan phantom (Toft 1996; Kak &amp; Slaney 1988 table 3.1 with higher contrast) as ten ellipses
/// of constant attenuation, with closed-form line integrals: a line with unit normal n at signed distance s from an
/// ellipse's centre, n = (n₁, n₂) in the ellipse's axes, crosses it over the chord 2ab·√(A² − s²)/A², A² = a²n₁² + b²n₂²
/// (Kak &amp; Slaney 1988 §3.1, for an ellipse shifted and rotated).
/// </summary>
internal sealed class SheppLoganEllipses
{
    // ρ, a, b, x0, y0, φ (degrees) on the unit disc.
    private static readonly double[,] Table =
    {
        { 1.0, .69, .92, 0, 0, 0 }, { -.8, .6624, .874, 0, -.0184, 0 }, { -.2, .11, .31, .22, 0, -18 },
        { -.2, .16, .41, -.22, 0, 18 }, { .1, .21, .25, 0, .35, 0 }, { .1, .046, .046, 0, .1, 0 },
        { .1, .046, .046, 0, -.1, 0 }, { .1, .046, .023, -.08, -.605, 0 }, { .1, .023, .023, 0, -.606, 0 },
        { .1, .023, .046, .06, -.605, 0 },
    };

    private readonly double _radius;
    private readonly double _muScale;

    /// <summary>The phantom scaled to <paramref name="radiusMm"/>, density 1 ↔ <paramref name="muScale"/> 1/mm.</summary>
    public SheppLoganEllipses(double radiusMm, double muScale)
    {
        _radius = radiusMm;
        _muScale = muScale;
    }

    private (double Rho, double A, double B, double X, double Y, double Cos, double Sin) Ellipse(int e)
    {
        var phi = Table[e, 5] * Math.PI / 180;
        return (Table[e, 0] * _muScale, Table[e, 1] * _radius, Table[e, 2] * _radius, Table[e, 3] * _radius,
            Table[e, 4] * _radius, Math.Cos(phi), Math.Sin(phi));
    }

    /// <summary>μ at (x, y) mm.</summary>
    public double Value(double x, double y)
    {
        var v = 0.0;
        for (var e = 0; e < Table.GetLength(0); e++)
        {
            var (rho, a, b, cx, cy, c, s) = Ellipse(e);
            var lx = (x - cx) * c + (y - cy) * s;
            var ly = -(x - cx) * s + (y - cy) * c;
            if (lx * lx / (a * a) + ly * ly / (b * b) <= 1) v += rho;
        }
        return v;
    }

    /// <summary>Smallest |level − 1| of the ellipse equations at (x, y): near 0 on an edge.</summary>
    public double EdgeDistance(double x, double y)
    {
        var d = double.MaxValue;
        for (var e = 0; e < Table.GetLength(0); e++)
        {
            var (_, a, b, cx, cy, c, s) = Ellipse(e);
            var lx = (x - cx) * c + (y - cy) * s;
            var ly = -(x - cx) * s + (y - cy) * c;
            // Distance to the boundary along the radius, approximately, in mm.
            var r = Math.Sqrt(lx * lx / (a * a) + ly * ly / (b * b));
            d = Math.Min(d, Math.Abs(r - 1) * Math.Min(a, b));
        }
        return d;
    }

    /// <summary>∫μ along the line {p : p·n = distance} (n a unit vector).</summary>
    public double LineIntegral(double nx, double ny, double distance)
    {
        var sum = 0.0;
        for (var e = 0; e < Table.GetLength(0); e++)
        {
            var (rho, a, b, cx, cy, c, s) = Ellipse(e);
            var n1 = nx * c + ny * s;
            var n2 = -nx * s + ny * c;
            var a2 = a * a * n1 * n1 + b * b * n2 * n2;
            var t = distance - (nx * cx + ny * cy);
            if (t * t < a2) sum += rho * 2 * a * b * Math.Sqrt(a2 - t * t) / a2;
        }
        return sum;
    }

    /// <summary>The line through p along unit direction d as (n, distance) with n ⊥ d.</summary>
    public double LineIntegralThrough(double px, double py, double dx, double dy) =>
        LineIntegral(-dy, dx, -dy * px + dx * py);

    /// <summary>The phantom on a side × side grid of pixel <paramref name="pixelMm"/> centred on the origin,
    /// averaged over 4 × 4 sub-samples per pixel; index i + side·j.</summary>
    public float[] Rasterise(int side, double pixelMm)
    {
        var image = new float[side * side];
        for (var j = 0; j < side; j++)
            for (var i = 0; i < side; i++)
            {
                var sum = 0.0;
                for (var sj = 0; sj < 4; sj++)
                    for (var si = 0; si < 4; si++)
                        sum += Value((i - 0.5 * (side - 1) + (si - 1.5) / 4) * pixelMm,
                            (j - 0.5 * (side - 1) + (sj - 1.5) / 4) * pixelMm);
                image[i + side * j] = (float)(sum / 16);
            }
        return image;
    }
}
