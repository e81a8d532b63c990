using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// A polyp: a spherical head attached to the wall, either sessile (the head sits on the wall) or pedunculated (the head
/// on a stalk). Represented by exact signed distances (sphere ∪ capsule).
/// </summary>
/// <param name="ArcLengthMm">Where along the centerline it grows (mm).</param>
/// <param name="Angle">Angle around the axis (radians).</param>
/// <param name="Base">Wall point it grows from (mm).</param>
/// <param name="HeadCenter">Centre of the head (mm).</param>
/// <param name="HeadRadiusMm">Head radius (half the diameter, mm).</param>
/// <param name="StalkRadiusMm">Stalk radius (mm); 0 for a sessile polyp.</param>
public readonly record struct Polyp(float ArcLengthMm, float Angle, Float3 Base, Float3 HeadCenter, float HeadRadiusMm,
    float StalkRadiusMm)
{
    /// <summary>True for a polyp on a stalk.</summary>
    public bool IsPedunculated => StalkRadiusMm > 0;

    /// <summary>Signed distance from <paramref name="p"/> to the polyp's surface (negative inside).</summary>
    public float SignedDistance(Float3 p)
    {
        var d = (p - HeadCenter).Length - HeadRadiusMm;
        if (StalkRadiusMm <= 0) return d;
        var ab = HeadCenter - Base;
        var t = Math.Clamp(Float3.Dot(p - Base, ab) / ab.LengthSquared, 0f, 1f);
        return MathF.Min(d, (p - (Base + ab * t)).Length - StalkRadiusMm);
    }
}
