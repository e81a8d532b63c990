namespace EndoDepth.Geometry;

/// <summary>
/// The 2–3 point lights at the endoscope tip (paper §2.1.1: "a wide-angle monocular camera and two to three light
/// sources that exhibit realistic inverse square law of intensity fall-off").
/// </summary>
public sealed record LightRig
{
    /// <summary>The lights, in the camera frame.</summary>
    public IReadOnlyList<PointLight> Lights { get; }

    /// <summary>Weak uniform ambient term added by renderers that support it (0 = none).</summary>
    public float Ambient { get; init; }

    /// <summary>Creates a rig of 1 to 4 lights.</summary>
    /// <exception cref="ArgumentException">No lights, more than four, or a negative or non-finite
    /// intensity.</exception>
    public LightRig(IReadOnlyList<PointLight> lights)
    {
        ArgumentNullException.ThrowIfNull(lights);
        if (lights.Count is < 1 or > 4) throw new ArgumentException($"A light rig has 1 to 4 lights, got " +
            $"{lights.Count}.", nameof(lights));
        foreach (var l in lights)
            if (!float.IsFinite(l.Intensity) || l.Intensity < 0) throw new ArgumentException("Light intensities must " +
                "be finite and non-negative.", nameof(lights));
        Lights = lights.ToArray();
    }

    /// <summary>
    /// The default rig: <paramref name="count"/> (2 or 3) equal isotropic lights evenly spaced on a circle of
    /// <paramref name="radiusMm"/> around the lens in the lens plane (a colonoscope tip is ~12 mm across).
    /// </summary>
    public static LightRig AroundLens(int count = 3, float radiusMm = 4f, float intensity = 1f)
    {
        if (count is < 2 or > 3) throw new ArgumentOutOfRangeException(nameof(count),
            "An endoscope tip carries 2 or 3 lights.");
        var lights = new PointLight[count];
        for (var i = 0; i < count; i++)
        {
            var a = 2 * MathF.PI * i / count + MathF.PI / 2;
            lights[i] = new PointLight(new Float3(radiusMm * MathF.Cos(a), radiusMm * MathF.Sin(a), 0f), intensity);
        }
        return new LightRig(lights);
    }

    /// <summary>The default: three lights 4 mm around the lens.</summary>
    public static LightRig Default { get; } = AroundLens();

    /// <summary>
    /// The rig as one short line for dataset metadata: the lights in the camera frame separated by <c>;</c>, each
    /// <c>x,y,z,intensity</c> (mm, linear units) with <c>,spot</c> when it has a spot exponent, then <c>;ambient=a</c>
    /// when it has one. Numbers round-trip exactly through <see cref="Parse"/>.
    /// </summary>
    public string ToCompactString()
    {
        static string F(float v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var parts = Lights.Select(l => l.SpotExponent == 0f
            ? $"{F(l.Offset.X)},{F(l.Offset.Y)},{F(l.Offset.Z)},{F(l.Intensity)}"
            : $"{F(l.Offset.X)},{F(l.Offset.Y)},{F(l.Offset.Z)},{F(l.Intensity)},{F(l.SpotExponent)}").ToList();
        if (Ambient != 0f) parts.Add($"ambient={F(Ambient)}");
        return string.Join(';', parts);
    }

    /// <summary>Reads a rig written by <see cref="ToCompactString"/>.</summary>
    /// <exception cref="FormatException">Not of that form.</exception>
    /// <exception cref="ArgumentException">The rig it describes is not valid (see the constructor).</exception>
    public static LightRig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        static float F(string v) =>
            float.Parse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        var lights = new List<PointLight>();
        var ambient = 0f;
        foreach (var part in text.Split(';'))
        {
            if (part.StartsWith("ambient=", StringComparison.Ordinal))
            {
                ambient = F(part["ambient=".Length..]);
                continue;
            }
            var v = part.Split(',');
            if (v.Length is not (4 or 5)) throw new FormatException($"Light '{part}' is not x,y,z,intensity[,spot].");
            lights.Add(new PointLight(new Float3(F(v[0]), F(v[1]), F(v[2])), F(v[3]), v.Length == 5 ? F(v[4]) : 0f));
        }
        return new LightRig(lights) { Ambient = ambient };
    }

    /// <inheritdoc />
    public bool Equals(LightRig? other) =>
        other is not null && Ambient == other.Ambient && Lights.SequenceEqual(other.Lights);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Ambient);
        foreach (var l in Lights) h.Add(l);
        return h.ToHashCode();
    }
}
