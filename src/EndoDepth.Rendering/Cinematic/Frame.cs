using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// An orthonormal frame (T, B, N) around a unit normal N (Duff et al. 2017, branch on the sign instead of CopySign,
/// which ILGPU maps with swapped arguments on GPUs). Usable inside kernels.
/// </summary>
internal readonly struct Frame
{
    /// <summary>First tangent.</summary>
    public readonly Float3 T;
    /// <summary>Second tangent.</summary>
    public readonly Float3 B;
    /// <summary>The normal.</summary>
    public readonly Float3 N;

    /// <summary>A frame around the unit vector <paramref name="n"/>.</summary>
    public Frame(Float3 n)
    {
        var sign = n.Z >= 0f ? 1f : -1f;
        var a = -1f / (sign + n.Z);
        var b = n.X * n.Y * a;
        T = new Float3(1f + sign * n.X * n.X * a, sign * b, -sign * n.X);
        B = new Float3(b, sign + n.Y * n.Y * a, -n.Y);
        N = n;
    }

    /// <summary>Local (x, y, z) → world.</summary>
    public Float3 ToWorld(float x, float y, float z) => T * x + B * y + N * z;

    /// <summary>World → local.</summary>
    public Float3 ToLocal(Float3 v) => new(Float3.Dot(v, T), Float3.Dot(v, B), Float3.Dot(v, N));
}
