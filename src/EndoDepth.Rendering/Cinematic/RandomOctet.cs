using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Eight <see cref="PathRandom"/> streams (PCG-XSH-RR, 64-bit state) in the lanes of AVX2 registers: lanes 0–3 in
/// <see cref="Low"/>, 4–7 in <see cref="High"/>. A lane draws exactly the numbers its scalar stream would, in the
/// same order; the 64-bit multiply of the LCG is one instruction with AVX-512DQ, else three 32 × 32-bit products
/// (AVX2 has no 64-bit multiply).
/// </summary>
internal struct RandomOctet
{
    /// <summary>States of lanes 0–3.</summary>
    public Vector256<ulong> Low;
    /// <summary>States of lanes 4–7.</summary>
    public Vector256<ulong> High;

    private const ulong Multiplier = 6364136223846793005UL;
    private const ulong Increment = 1442695040888963407UL;

    /// <summary>Lane <paramref name="k"/>'s stream.</summary>
    public void Set(int k, PathRandom rng)
    {
        ref var lanes = ref Unsafe.As<Vector256<ulong>, ulong>(ref k < 4 ? ref Low : ref High);
        Unsafe.Add(ref lanes, k & 3) = rng.State;
    }

    /// <summary>Lane <paramref name="k"/>'s stream as it stands.</summary>
    public readonly PathRandom Get(int k)
    {
        var v = k < 4 ? Low : High;
        return new PathRandom { State = v.GetElement(k & 3) };
    }

    /// <summary>
    /// <see cref="PathRandom.NextFloat"/> in the lanes of <paramref name="mask"/> (all bits set); the other lanes'
    /// streams do not move and their result is unspecified.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> NextFloat(Vector256<float> mask)
    {
        var m = mask.AsInt32();
        var a = Low;
        var b = High;
        Low = Vector256.ConditionalSelect(Avx2.ConvertToVector256Int64(m.GetLower()).AsUInt64(), Advance(a), a);
        High = Vector256.ConditionalSelect(Avx2.ConvertToVector256Int64(m.GetUpper()).AsUInt64(), Advance(b), b);
        // PCG-XSH-RR output of the old state: xorshifted = ((old >> 18) ^ old) >> 27, rotated right by old >> 59.
        var xa = Avx2.ShiftRightLogical(Avx2.ShiftRightLogical(a, 18) ^ a, 27);
        var xb = Avx2.ShiftRightLogical(Avx2.ShiftRightLogical(b, 18) ^ b, 27);
        var xorShifted = LowWords(xa, xb);
        var rot = Avx2.ShiftRightLogical(HighWords(a, b), 27);
        var bits = Avx2.ShiftRightLogicalVariable(xorShifted, rot)
            | Avx2.ShiftLeftLogicalVariable(xorShifted, (Vector256<uint>.Zero - rot) & Vector256.Create(31u));
        return Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(bits, 8).AsInt32())
            * Vector256.Create(1f / 16777216f);
    }

    /// <summary>The LCG step state·a + c (mod 2⁶⁴) of four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Advance(Vector256<ulong> s) => Avx512DQ.VL.IsSupported
        ? Avx512DQ.VL.MultiplyLow(s, Vector256.Create(Multiplier)) + Vector256.Create(Increment)
        : AdvanceAvx2(s);

    /// <summary><see cref="Advance"/> without AVX-512: the 64-bit product from three 32 × 32-bit ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<ulong> AdvanceAvx2(Vector256<ulong> s)
    {
        var lo = Vector256.Create(Multiplier & 0xFFFF_FFFFUL).AsUInt32();
        var hi = Vector256.Create(Multiplier >> 32).AsUInt32();
        var low = Avx2.Multiply(s.AsUInt32(), lo);
        var cross = Avx2.Multiply(Avx2.ShiftRightLogical(s, 32).AsUInt32(), lo) + Avx2.Multiply(s.AsUInt32(), hi);
        return low + Avx2.ShiftLeftLogical(cross, 32) + Vector256.Create(Increment);
    }

    /// <summary>The low 32 bits of the eight 64-bit lanes of <paramref name="a"/> (0–3) and <paramref name="b"/>
    /// (4–7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> LowWords(Vector256<ulong> a, Vector256<ulong> b)
        => Avx2.Permute4x64(Avx.Shuffle(a.AsSingle(), b.AsSingle(), 0b10_00_10_00).AsDouble(), 0b11_01_10_00)
            .AsUInt32();

    /// <summary>The high 32 bits of the eight 64-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> HighWords(Vector256<ulong> a, Vector256<ulong> b)
        => Avx2.Permute4x64(Avx.Shuffle(a.AsSingle(), b.AsSingle(), 0b11_01_11_01).AsDouble(), 0b11_01_10_00)
            .AsUInt32();
}
