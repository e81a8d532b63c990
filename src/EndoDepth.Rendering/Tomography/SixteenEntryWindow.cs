using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// Reads the interpolation pair (line[iₖ], line[iₖ + 1]) for eight indices. When the indices lie within sixteen
/// consecutive entries from <c>first</c> (the back-projectors' short steps), two loads and two in-register permutes
/// per operand fetch them; otherwise two gathers do.
/// </summary>
internal static unsafe class SixteenEntryWindow
{
    /// <summary>The pair of entries each index interpolates between.</summary>
    /// <param name="line">The detector line (readable up to <c>first + 17</c> when <paramref name="window"/>).</param>
    /// <param name="index">Eight indices into the line.</param>
    /// <param name="first">The smallest of them (used when <paramref name="window"/>).</param>
    /// <param name="window">Whether every index lies in [first, first + 15).</param>
    /// <param name="at">line[index].</param>
    /// <param name="next">line[index + 1].</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadPair(float* line, Vector256<int> index, int first, bool window,
        out Vector256<float> at, out Vector256<float> next)
    {
        if (window)
        {
            var offset = index - Vector256.Create(first);
            var high = Avx2.CompareGreaterThan(offset, Vector256.Create(7)).AsSingle();
            var start = line + first;
            at = Avx.BlendVariable(Avx2.PermuteVar8x32(Avx.LoadVector256(start), offset),
                Avx2.PermuteVar8x32(Avx.LoadVector256(start + 8), offset), high);
            next = Avx.BlendVariable(Avx2.PermuteVar8x32(Avx.LoadVector256(start + 1), offset),
                Avx2.PermuteVar8x32(Avx.LoadVector256(start + 9), offset), high);
        }
        else
        {
            at = Avx2.GatherVector256(line, index, 4);
            next = Avx2.GatherVector256(line + 1, index, 4);
        }
    }
}
