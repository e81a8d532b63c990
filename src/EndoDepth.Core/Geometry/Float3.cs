using System.Runtime.CompilerServices;

namespace EndoDepth.Geometry;

/// <summary>
/// A small 3-component single-precision vector. Used on the host and inside ILGPU kernels
/// (ILGPU 1.5.3 cannot compile <see cref="System.Numerics.Vector3"/> in kernels), so it holds
/// plain fields and uses only <see cref="MathF"/>.
/// </summary>
public struct Float3 : IEquatable<Float3>
{
    /// <summary>X component.</summary>
    public float X;
    /// <summary>Y component.</summary>
    public float Y;
    /// <summary>Z component.</summary>
    public float Z;

    /// <summary>Creates a vector from its components.</summary>
    public Float3(float x, float y, float z) { X = x; Y = y; Z = z; }

    /// <summary>The zero vector.</summary>
    public static Float3 Zero => new(0, 0, 0);
    /// <summary>The unit X axis.</summary>
    public static Float3 UnitX => new(1, 0, 0);
    /// <summary>The unit Y axis.</summary>
    public static Float3 UnitY => new(0, 1, 0);
    /// <summary>The unit Z axis.</summary>
    public static Float3 UnitZ => new(0, 0, 1);

    /// <summary>Component-wise sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 operator +(Float3 a, Float3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    /// <summary>Component-wise difference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 operator -(Float3 a, Float3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    /// <summary>Negation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 operator -(Float3 a) => new(-a.X, -a.Y, -a.Z);
    /// <summary>Scaling.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 operator *(Float3 a, float s) => new(a.X * s, a.Y * s, a.Z * s);
    /// <summary>Scaling.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 operator *(float s, Float3 a) => new(a.X * s, a.Y * s, a.Z * s);
    /// <summary>Component-wise product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 operator *(Float3 a, Float3 b) => new(a.X * b.X, a.Y * b.Y, a.Z * b.Z);
    /// <summary>Division by a scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 operator /(Float3 a, float s) { var r = 1f / s; return new(a.X * r, a.Y * r, a.Z * r); }
    /// <summary>Exact component equality.</summary>
    public static bool operator ==(Float3 a, Float3 b) => a.Equals(b);
    /// <summary>Exact component inequality.</summary>
    public static bool operator !=(Float3 a, Float3 b) => !a.Equals(b);

    /// <summary>Dot product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(Float3 a, Float3 b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    /// <summary>Cross product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 Cross(Float3 a, Float3 b) =>
        new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    /// <summary>Euclidean length.</summary>
    public readonly float Length => MathF.Sqrt(X * X + Y * Y + Z * Z);

    /// <summary>Squared Euclidean length.</summary>
    public readonly float LengthSquared => X * X + Y * Y + Z * Z;

    /// <summary>The unit vector in this direction (zero stays zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 Normalize(Float3 a)
    {
        var l2 = a.X * a.X + a.Y * a.Y + a.Z * a.Z;
        if (l2 <= 0f) return a;
        var r = 1f / MathF.Sqrt(l2);
        return new(a.X * r, a.Y * r, a.Z * r);
    }

    /// <summary>Linear interpolation a + (b − a)·t.</summary>
    public static Float3 Lerp(Float3 a, Float3 b, float t) => a + (b - a) * t;

    /// <summary>Component-wise minimum.</summary>
    public static Float3 Min(Float3 a, Float3 b) => new(MathF.Min(a.X, b.X), MathF.Min(a.Y, b.Y), MathF.Min(a.Z, b.Z));

    /// <summary>Component-wise maximum.</summary>
    public static Float3 Max(Float3 a, Float3 b) => new(MathF.Max(a.X, b.X), MathF.Max(a.Y, b.Y), MathF.Max(a.Z, b.Z));

    /// <inheritdoc />
    public readonly bool Equals(Float3 other) => X == other.X && Y == other.Y && Z == other.Z;
    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is Float3 o && Equals(o);
    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(X, Y, Z);
    /// <inheritdoc />
    public override readonly string ToString() => FormattableString.Invariant($"({X:G6}, {Y:G6}, {Z:G6})");
}
