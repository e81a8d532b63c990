using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Eight <see cref="Tracker"/>s (delta or ratio tracking, each with its <see cref="CellWalk"/>) in the lanes of AVX2
/// registers, one vector per field, with their random streams (<see cref="RandomOctet"/>). <see cref="Step"/> does
/// one unit of every active lane's work — an empty-space jump, a cell step, or (entering a cell) a tentative
/// collision or cell exit — exactly as <see cref="Medium{TView}.Step"/> does it for one tracker: the same operations
/// in the same order and the same random numbers, except the exponential's logarithm
/// (<see cref="Vector256.Log(Vector256{float})"/>, not <see cref="MathF.Log(float)"/>, so a lane's distances can
/// differ in the last bits from the scalar tracker's).
/// A lane whose tracker is done keeps its result (<see cref="Hit"/>, <see cref="T"/>, <see cref="Tr"/>) until
/// <see cref="Set"/> gives it the next one. CPU only.
/// </summary>
internal struct TrackerOctet
{
    // The walk (CellWalk's fields; cell counts come from the medium).
    public Vector256<int> Cell, Ix, Iy, Iz, Sx, Sy, Sz, StrideY, StrideZ;
    public Vector256<float> T0, T1, Tx, Ty, Tz, Dx, Dy, Dz, End;
    // The ray in voxel coordinates, and the tracking state (Tracker's fields; masks are all bits set or clear).
    public Vector256<float> Ox, Oy, Oz, Vx, Vy, Vz, S, Tau, Majorant, T, Tr;
    public Vector256<float> InCell, Active, Ratio, Hit;
    public RandomOctet Rng;

    /// <summary>Ratio-tracking estimate below which Russian roulette decides (as in
    /// <see cref="Medium{TView}"/>).</summary>
    private const float RouletteFloor = 0.1f;

    /// <summary>Lanes whose tracker is working (bit k for lane k).</summary>
    public readonly uint ActiveLanes => (uint)Avx.MoveMask(Active);

    /// <summary>Gives lane <paramref name="k"/> the (begun, active) tracker <paramref name="t"/> and its
    /// stream.</summary>
    public void Set(int k, in Tracker t, PathRandom rng)
    {
        t.Walk.CopyTo(ref this, k);
        Lane(ref Ox, k) = t.Ov.X; Lane(ref Oy, k) = t.Ov.Y; Lane(ref Oz, k) = t.Ov.Z;
        Lane(ref Vx, k) = t.Dv.X; Lane(ref Vy, k) = t.Dv.Y; Lane(ref Vz, k) = t.Dv.Z;
        Lane(ref S, k) = t.S; Lane(ref Tau, k) = t.Tau; Lane(ref Majorant, k) = t.Majorant;
        Lane(ref T, k) = t.T; Lane(ref Tr, k) = t.Tr;
        Lane(ref InCell, k) = Mask(t.InCell); Lane(ref Active, k) = Mask(t.Active);
        Lane(ref Ratio, k) = Mask(t.Ratio); Lane(ref Hit, k) = Mask(t.Hit);
        Rng.Set(k, rng);
    }

    /// <summary>Lane <paramref name="k"/>'s finished tracker: its result into <paramref name="t"/> (now idle), and its
    /// stream.</summary>
    public readonly void Get(int k, ref Tracker t, out PathRandom rng)
    {
        t.Active = false;
        t.Hit = Hit.AsInt32().GetElement(k) != 0;
        t.T = T.GetElement(k);
        t.Tr = Tr.GetElement(k);
        rng = Rng.Get(k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref T Lane<T>(ref Vector256<T> v, int k) =>
        ref Unsafe.Add(ref Unsafe.As<Vector256<T>, T>(ref v), k);

    private static float Mask(bool b) => b ? BitConverter.Int32BitsToSingle(-1) : 0f;

    /// <summary>One unit of work of every active lane (<see cref="Medium{TView}.Step"/>, eight at a time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(in MediumOctet m)
    {
        var zero = Vector256<float>.Zero;
        var active = Active;
        var inCell = InCell;
        // Lanes looking for the next occupied cell read their cell's majorant: an occupied one is entered (and its
        // first tentative collision made below); past an empty one the walk jumps the cube of empty cells around it
        // (−d, d ≥ 2) or steps one cell (a jump of radius 0).
        var walking = Avx.AndNot(inCell, active);
        var majorant = m.Majorant(Cell, walking);
        var occupied = Avx.CompareGreaterThan(majorant, zero);
        var enter = walking & occupied;
        var move = Avx.AndNot(occupied, walking);
        var jump = move & Avx.CompareLessThanOrEqual(majorant, Vector256.Create(-2f));
        var radius = Avx.ConvertToVector256Int32WithTruncation(-majorant) - Vector256<int>.One & jump.AsInt32();
        var sigmaBar = Vector256.ConditionalSelect(enter, majorant, Majorant);
        Majorant = sigmaBar;
        var s = Vector256.ConditionalSelect(enter, T0, S);
        inCell |= enter;

        // Lanes inside an occupied cell: the optical depth τ ~ Exp(1) to the next tentative collision, carried across
        // cells; past the cell's exit the rest of τ is kept and the walk steps on.
        var colliding = inCell & active;
        var tau = Tau;
        var draw = Avx.AndNot(Avx.CompareGreaterThan(tau, zero), colliding);
        if (Avx.MoveMask(draw) != 0)
            tau = Vector256.ConditionalSelect(draw, -Vector256.Log(Vector256.Create(1f) - Rng.NextFloat(draw)), tau);
        var next = s + tau / sigmaBar;
        var t1 = T1;
        var exit = colliding & Avx.CompareGreaterThanOrEqual(next, t1);
        tau = Vector256.ConditionalSelect(exit, tau - (t1 - s) * sigmaBar, tau);
        inCell = Avx.AndNot(exit, inCell);
        move |= exit;
        var tentative = Avx.AndNot(exit, colliding);
        if (Avx.MoveMask(tentative) != 0)
        {
            s = Vector256.ConditionalSelect(tentative, next, s);
            tau = Avx.AndNot(tentative, tau);
            var sigma = m.SigmaT(Ox + Vx * s, Oy + Vy * s, Oz + Vz * s, tentative);
            var ratio = Ratio;
            var delta = Avx.AndNot(ratio, tentative);
            var ratioLanes = tentative & ratio;
            // Ratio tracking: the estimate times 1 − σt/σ̄; below the floor Russian roulette (a lane at 0 draws no
            // number and ends).
            var tr = Vector256.ConditionalSelect(ratioLanes, Tr * (Vector256.Create(1f) - sigma / sigmaBar), Tr);
            var roulette = ratioLanes & Avx.CompareLessThan(tr, Vector256.Create(RouletteFloor));
            var positive = Avx.CompareGreaterThan(tr, zero);
            var u = Rng.NextFloat(delta | (roulette & positive));
            // Delta tracking: a real collision with probability σt/σ̄.
            var hit = delta & Avx.CompareLessThan(u * sigmaBar, sigma);
            Hit |= hit;
            T = Vector256.ConditionalSelect(hit, s, T);
            var die = roulette & (Avx.AndNot(positive, roulette)
                | Avx.CompareGreaterThanOrEqual(u * Vector256.Create(RouletteFloor), tr));
            tr = Vector256.ConditionalSelect(roulette, Avx.AndNot(die, Vector256.Create(RouletteFloor)), tr);
            Tr = tr;
            active = Avx.AndNot(hit | die, active);
        }
        S = s;
        Tau = tau;
        InCell = inCell;
        if (Avx.MoveMask(move) != 0) active = Avx.AndNot(Avx.AndNot(Skip(m, radius, move), move), active);
        Active = active;
    }

    /// <summary>
    /// <see cref="CellWalk.Skip"/> in the lanes of <paramref name="move"/> (radius 0: <see cref="CellWalk.Advance"/>):
    /// the walk past the cube of cells within <paramref name="radius"/>; the lanes whose walk goes on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Skip(in MediumOctet m, Vector256<int> radius, Vector256<float> move)
    {
        var r = Avx.ConvertToVector256Single(radius);
        Vector256<float> tx = Tx, ty = Ty, tz = Tz, dx = Dx, dy = Dy, dz = Dz, end = End;
        var tExit = Avx.Min(Avx.Min(tx + r * dx, ty + r * dy), tz + r * dz);
        var go = Avx.AndNot(Avx.CompareGreaterThanOrEqual(tExit, end), move);
        var limit = r + Vector256.Create(1f);
        var kx = Crossings(ref tx, dx, tExit, limit);
        var ky = Crossings(ref ty, dy, tExit, limit);
        var kz = Crossings(ref tz, dz, tExit, limit);
        var ix = Ix + Avx2.Sign(kx, Sx);
        var iy = Iy + Avx2.Sign(ky, Sy);
        var iz = Iz + Avx2.Sign(kz, Sz);
        var outside = Avx2.CompareGreaterThan(Vector256<int>.Zero, ix | iy | iz)
            | Avx2.CompareGreaterThan(ix, Vector256.Create(m.Cx - 1))
            | Avx2.CompareGreaterThan(iy, Vector256.Create(m.Cy - 1))
            | Avx2.CompareGreaterThan(iz, Vector256.Create(m.Cz - 1));
        var ok = Avx.AndNot(outside.AsSingle(), go);
        var cell = Cell + Avx2.Sign(kx, Sx) + Avx2.MultiplyLow(StrideY, ky) + Avx2.MultiplyLow(StrideZ, kz);
        Tx = Vector256.ConditionalSelect(go, tx, Tx);
        Ty = Vector256.ConditionalSelect(go, ty, Ty);
        Tz = Vector256.ConditionalSelect(go, tz, Tz);
        var okI = ok.AsInt32();
        Ix = Vector256.ConditionalSelect(okI, ix, Ix);
        Iy = Vector256.ConditionalSelect(okI, iy, Iy);
        Iz = Vector256.ConditionalSelect(okI, iz, Iz);
        Cell = Vector256.ConditionalSelect(okI, cell, Cell);
        T0 = Vector256.ConditionalSelect(ok, tExit, T0);
        T1 = Vector256.ConditionalSelect(ok, Avx.Min(Avx.Min(tx, Avx.Min(ty, tz)), end), T1);
        return ok;
    }

    /// <summary><see cref="CellWalk"/>'s crossing count of one axis before <paramref name="t"/> (0 … r + 1), moving
    /// its next crossing on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Crossings(ref Vector256<float> tNext, Vector256<float> tDelta, Vector256<float> t,
        Vector256<float> limit)
    {
        var k = Avx.Min(Avx.Max(Avx.Floor((t - tNext) / tDelta) + Vector256.Create(1f), Vector256<float>.Zero), limit);
        tNext += k * tDelta;
        return Avx.ConvertToVector256Int32WithTruncation(k);
    }
}
