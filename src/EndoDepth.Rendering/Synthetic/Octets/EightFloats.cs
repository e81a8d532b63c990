using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EndoDepth.Rendering.Synthetic.Octets;

/// <summary>Eight floats on the stack, read and written as one AVX2 vector or per lane (the eight-lane passes' scalar
/// steps).</summary>
[InlineArray(8)]
internal struct EightFloats
{
    private float _e;

    /// <summary>The eight values as a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(in EightFloats e) => Vector256.LoadUnsafe(ref Unsafe.AsRef(in e[0]));

    /// <summary>Writes <paramref name="v"/>'s lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> v, ref EightFloats e) => v.StoreUnsafe(ref e[0]);
}
