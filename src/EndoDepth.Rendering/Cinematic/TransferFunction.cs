using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The transfer function HU → (σt, albedo, colour, roughness, specular): piecewise linear between control points
/// sorted
/// by HU, constant beyond the first and last. Immutable; edit with <see cref="With"/> or <see cref="WithOpacityRamp"/>.
/// Baked into a lookup table (<see cref="Bake"/>) for the kernels.
/// </summary>
public sealed record TransferFunction
{
    /// <summary>Lowest HU the baked table covers (air is −1000).</summary>
    public const float TableHuMin = -1100f;
    /// <summary>Highest HU the baked table covers.</summary>
    public const float TableHuMax = 2000f;
    /// <summary>Entries in the baked table (≈ 3 HU apart).</summary>
    public const int TableSize = 1024;
    /// <summary>Floats per baked entry: σt, albedo, r, g, b, roughness, specular, (padding).</summary>
    public const int TableStride = 8;

    /// <summary>The control points, sorted by HU.</summary>
    public IReadOnlyList<TransferPoint> Points { get; }

    /// <summary>Creates a transfer function from at least one control point (sorted here by HU).</summary>
    /// <exception cref="ArgumentException">No points, a non-finite value, σt &lt; 0, or albedo/colour outside [0,
    /// 1].</exception>
    public TransferFunction(IEnumerable<TransferPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.OrderBy(p => p.Hu).ToArray();
        if (list.Length == 0) throw new ArgumentException("A transfer function needs at least one control point.",
            nameof(points));
        foreach (var p in list)
        {
            if (!float.IsFinite(p.Hu) || !float.IsFinite(p.SigmaT) || p.SigmaT < 0)
                throw new ArgumentException($"Control point at {p.Hu} HU: σt must be finite and ≥ 0, got "
                    + $"{p.SigmaT}.", nameof(points));
            if (!(p.Albedo >= 0 && p.Albedo <= 1) || !InUnit(p.Colour))
                throw new ArgumentException($"Control point at {p.Hu} HU: albedo and colour must lie in [0, 1].",
                    nameof(points));
            if (!(p.Roughness > 0 && p.Roughness <= 1) || !(p.Specular >= 0 && p.Specular < 1))
                throw new ArgumentException($"Control point at {p.Hu} HU: roughness must be in (0, 1] and specular in "
                    + $"[0, 1).", nameof(points));
        }
        Points = list;
    }

    private static bool InUnit(Float3 c) => c.X is >= 0 and <= 1 && c.Y is >= 0 and <= 1 && c.Z is >= 0 and <= 1;

    /// <summary>
    /// A soft-tissue transfer function: transparent air below <paramref name="airHu"/>, σt rising linearly to
    /// <paramref name="tissueSigmaT"/> at <paramref name="tissueHu"/> (the opacity ramp), tissue of the given colour
    /// above, and a paler, more opaque bone above 300 HU.
    /// </summary>
    public static TransferFunction SoftTissue(Float3 colour, float airHu = -800f, float tissueHu = -300f,
        float tissueSigmaT = 8f,
        float albedo = 0.92f, float roughness = 0.35f, float specular = 0.04f)
    {
        var bone = new Float3(0.9f, 0.85f, 0.75f);
        return new TransferFunction(
        [
            new TransferPoint(airHu, 0f, albedo, colour, roughness, specular),
            new TransferPoint(tissueHu, tissueSigmaT, albedo, colour, roughness, specular),
            new TransferPoint(300f, tissueSigmaT, albedo, colour, roughness, specular),
            new TransferPoint(700f, tissueSigmaT * 4f, 0.95f, bone, 0.6f, 0.03f),
        ]);
    }

    /// <summary>
    /// The reference opacity ramp used for depth (shared by all presets): σt = 0 below −600 HU rising linearly to
    /// 40 mm⁻¹ at −400 HU, a steep ramp around the air–tissue midpoint (≈ −480 HU), so that the half-opacity
    /// point
    /// lies a fraction of a voxel in front of that iso-surface whatever the preset's own ramp.
    /// </summary>
    public static TransferFunction ReferenceOpacity { get; } = new(
    [
        new TransferPoint(-600f, 0f, 1f, new Float3(1, 1, 1), 0.5f, 0f),
        new TransferPoint(-400f, 40f, 1f, new Float3(1, 1, 1), 0.5f, 0f),
    ]);

    /// <summary>A copy with one more control point (replacing any at the same HU).</summary>
    public TransferFunction With(TransferPoint point) =>
        new(Points.Where(p => p.Hu != point.Hu).Append(point));

    /// <summary>A copy whose σt values are all multiplied by <paramref name="factor"/> (a denser or thinner
    /// tissue).</summary>
    public TransferFunction WithOpacityScale(float factor) =>
        new(Points.Select(p => p with { SigmaT = p.SigmaT * factor }));

    /// <summary>
    /// A copy whose opacity ramp is moved: points at or below the first non-zero σt are shifted so that the ramp runs
    /// from <paramref name="airHu"/> to <paramref name="tissueHu"/> (other points unchanged).
    /// </summary>
    public TransferFunction WithOpacityRamp(float airHu, float tissueHu)
    {
        if (!(tissueHu > airHu)) throw new ArgumentException("The ramp must rise: tissueHu > airHu.", nameof(tissueHu));
        var pts = Points.ToArray();
        var firstOpaque = Array.FindIndex(pts, p => p.SigmaT > 0);
        if (firstOpaque <= 0) return this;
        pts[firstOpaque - 1] = pts[firstOpaque - 1] with { Hu = airHu };
        pts[firstOpaque] = pts[firstOpaque] with { Hu = tissueHu };
        return new TransferFunction(pts);
    }

    /// <summary>The interpolated properties at <paramref name="hu"/>.</summary>
    public TransferPoint Evaluate(float hu)
    {
        var p = Points;
        if (hu <= p[0].Hu) return p[0] with { Hu = hu };
        if (hu >= p[^1].Hu) return p[^1] with { Hu = hu };
        var k = 1;
        while (p[k].Hu < hu) k++;
        var a = p[k - 1]; var b = p[k];
        var t = (hu - a.Hu) / (b.Hu - a.Hu);
        return new TransferPoint(hu, L(a.SigmaT, b.SigmaT, t), L(a.Albedo, b.Albedo, t),
            Float3.Lerp(a.Colour, b.Colour, t),
            L(a.Roughness, b.Roughness, t), L(a.Specular, b.Specular, t));
    }

    private static float L(float a, float b, float t) => a + (b - a) * t;

    /// <summary>The largest σt over the HU interval [lo, hi] (exact for a piecewise-linear function).</summary>
    public float MaxSigmaT(float lo, float hi)
    {
        var m = MathF.Max(Evaluate(lo).SigmaT, Evaluate(hi).SigmaT);
        foreach (var p in Points)
            if (p.Hu > lo && p.Hu < hi) m = MathF.Max(m, p.SigmaT);
        return m;
    }

    /// <summary>
    /// The lookup table for the kernels: <see cref="TableSize"/> entries of <see cref="TableStride"/> floats sampled
    /// uniformly over [<see cref="TableHuMin"/>, <see cref="TableHuMax"/>].
    /// </summary>
    public float[] Bake()
    {
        var t = new float[TableSize * TableStride];
        for (var i = 0; i < TableSize; i++)
        {
            var e = Evaluate(TableHuMin + (TableHuMax - TableHuMin) * i / (TableSize - 1));
            var o = i * TableStride;
            t[o] = e.SigmaT; t[o + 1] = e.Albedo; t[o + 2] = e.Colour.X; t[o + 3] = e.Colour.Y; t[o + 4] = e.Colour.Z;
            t[o + 5] = e.Roughness; t[o + 6] = e.Specular;
        }
        return t;
    }
}
