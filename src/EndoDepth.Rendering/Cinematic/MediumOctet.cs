using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// A <see cref="Medium{TView}"/> as the eight-lane tracker reads it: pointers to the pinned HU voxels, baked transfer
/// table and majorants, read with AVX2 gathers. Every gathered index lies inside its array by construction (clamped
/// lattice coordinates, clamped table positions, cells of the walk), and <see cref="Create"/> checks the arrays'
/// lengths against the shapes those indices assume. CPU only.
/// </summary>
internal readonly unsafe struct MediumOctet
{
    private readonly float* _hu, _table, _majorants;
    private readonly int _nx, _ny, _nz, _di, _dj, _dk;

    /// <summary>Cells along i, j, k (the walk's bounds).</summary>
    public readonly int Cx, Cy, Cz;

    private MediumOctet(float* hu, float* table, float* majorants, int nx, int ny, int nz, int cx, int cy, int cz)
    {
        _hu = hu; _table = table; _majorants = majorants;
        _nx = nx; _ny = ny; _nz = nz;
        Cx = cx; Cy = cy; Cz = cz;
        // Neighbour offsets of a lattice cube (0 on a one-voxel axis), as VolumeField.Sample finds them.
        _di = nx > 1 ? 1 : 0;
        _dj = ny > 1 ? nx : 0;
        _dk = nz > 1 ? nx * ny : 0;
    }

    /// <summary>The medium over pinned copies of its arrays.</summary>
    /// <exception cref="ArgumentException">An array's length does not match the medium's shape.</exception>
    public static MediumOctet Create(in Medium<HostView<float>> m, float* hu, int huLength, float* table,
        int tableLength, float* majorants, int majorantLength)
    {
        var f = m.Field;
        if ((long)f.Nx * f.Ny * f.Nz != huLength)
            throw new ArgumentException($"The volume holds {huLength} voxels, its shape {f.Nx}×{f.Ny}×{f.Nz}.",
                nameof(huLength));
        if (tableLength != TransferFunction.TableSize * TransferFunction.TableStride)
            throw new ArgumentException($"The baked transfer table holds {tableLength} values, not "
                + $"{TransferFunction.TableSize * TransferFunction.TableStride}.", nameof(tableLength));
        if ((long)m.Cx * m.Cy * m.Cz != majorantLength)
            throw new ArgumentException($"The majorant grid holds {majorantLength} cells, its shape "
                + $"{m.Cx}×{m.Cy}×{m.Cz}.", nameof(majorantLength));
        return new MediumOctet(hu, table, majorants, f.Nx, f.Ny, f.Nz, m.Cx, m.Cy, m.Cz);
    }

    /// <summary>The majorant entries (σ̄, or −d in empty cells) of eight cells, read in the lanes of
    /// <paramref name="mask"/> (0 in the others).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Majorant(Vector256<int> cell, Vector256<float> mask) =>
        Avx2.GatherMaskVector256(Vector256<float>.Zero, _majorants, cell, mask, 4);

    /// <summary>
    /// σt at the points (x, y, z) in voxel coordinates: <see cref="VolumeField{TView}.Sample"/> then
    /// <see cref="TransferTable{TView}.SigmaT"/>, lane by lane with the same operations in the same order; only the
    /// lanes of <paramref name="mask"/> read memory (the others' result is unspecified).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> SigmaT(Vector256<float> vx, Vector256<float> vy, Vector256<float> vz,
        Vector256<float> mask)
    {
        var zero = Vector256<float>.Zero;
        var lo = Vector256.Create(-0.5f);
        var inside = Avx.CompareGreaterThanOrEqual(vx, lo) & Avx.CompareGreaterThanOrEqual(vy, lo)
            & Avx.CompareGreaterThanOrEqual(vz, lo)
            & Avx.CompareLessThanOrEqual(vx, Vector256.Create(_nx - 0.5f))
            & Avx.CompareLessThanOrEqual(vy, Vector256.Create(_ny - 0.5f))
            & Avx.CompareLessThanOrEqual(vz, Vector256.Create(_nz - 0.5f));
        // maxps/minps return their second operand for NaN, so garbage in an idle lane still gives indices in range.
        var x = Avx.Min(Avx.Max(vx, zero), Vector256.Create(_nx - 1f));
        var y = Avx.Min(Avx.Max(vy, zero), Vector256.Create(_ny - 1f));
        var z = Avx.Min(Avx.Max(vz, zero), Vector256.Create(_nz - 1f));
        var i = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(x), Vector256.Create(Math.Max(_nx - 2, 0)));
        var j = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(y), Vector256.Create(Math.Max(_ny - 2, 0)));
        var k = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(z), Vector256.Create(Math.Max(_nz - 2, 0)));
        var fx = x - Avx.ConvertToVector256Single(i);
        var fy = y - Avx.ConvertToVector256Single(j);
        var fz = z - Avx.ConvertToVector256Single(k);
        var b = i + Avx2.MultiplyLow(Vector256.Create(_nx), j + Avx2.MultiplyLow(Vector256.Create(_ny), k));
        var di = Vector256.Create(_di);
        var dj = Vector256.Create(_dj);
        var bk = b + Vector256.Create(_dk);
        Vector256<float> v000, v100, v010, v110, v001, v101, v011, v111;
        if (_di == 1)
        {
            // Neighbours along i are adjacent floats: one 64-bit element holds both (half the gathered elements).
            var low = Avx2.ConvertToVector256Int64(mask.AsInt32().GetLower()).AsDouble();
            var high = Avx2.ConvertToVector256Int64(mask.AsInt32().GetUpper()).AsDouble();
            GatherPairs(b, low, high, out v000, out v100);
            GatherPairs(b + dj, low, high, out v010, out v110);
            GatherPairs(bk, low, high, out v001, out v101);
            GatherPairs(bk + dj, low, high, out v011, out v111);
        }
        else
        {
            v000 = Gather(_hu, b, mask); v100 = Gather(_hu, b + di, mask);
            v010 = Gather(_hu, b + dj, mask); v110 = Gather(_hu, b + dj + di, mask);
            v001 = Gather(_hu, bk, mask); v101 = Gather(_hu, bk + di, mask);
            v011 = Gather(_hu, bk + dj, mask); v111 = Gather(_hu, bk + dj + di, mask);
        }
        var c00 = v000 + (v100 - v000) * fx;
        var c10 = v010 + (v110 - v010) * fx;
        var c01 = v001 + (v101 - v001) * fx;
        var c11 = v011 + (v111 - v011) * fx;
        var c0 = c00 + (c10 - c00) * fy;
        var c1 = c01 + (c11 - c01) * fy;
        var hu = Vector256.ConditionalSelect(inside, c0 + (c1 - c0) * fz,
            Vector256.Create(VolumeField<HostView<float>>.AirHu));
        // BakedTransfer.Locate, then the table's σt column interpolated.
        var t = (hu - Vector256.Create(TransferFunction.TableHuMin)) * Vector256.Create(
            (TransferFunction.TableSize - 1) / (TransferFunction.TableHuMax - TransferFunction.TableHuMin));
        t = Avx.Min(Avx.Max(t, zero), Vector256.Create(TransferFunction.TableSize - 1.001f));
        var index = Avx.ConvertToVector256Int32WithTruncation(t);
        var fraction = t - Avx.ConvertToVector256Single(index);
        var row = Avx2.MultiplyLow(index, Vector256.Create(TransferFunction.TableStride));
        var a = Gather(_table, row, mask);
        var c = Gather(_table, row + Vector256.Create(TransferFunction.TableStride), mask);
        return a + (c - a) * fraction;
    }

    /// <summary>The voxels at <paramref name="index"/> and index + 1 of the lanes of the masks (lanes 0–3, 4–7):
    /// eight 64-bit reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void GatherPairs(Vector256<int> index, Vector256<double> low, Vector256<double> high,
        out Vector256<float> first, out Vector256<float> second)
    {
        var a = Avx2.GatherMaskVector256(Vector256<double>.Zero, (double*)_hu, index.GetLower(), low, 4).AsSingle();
        var c = Avx2.GatherMaskVector256(Vector256<double>.Zero, (double*)_hu, index.GetUpper(), high, 4).AsSingle();
        // a = [v0, v0′, v1, v1′ | v2, v2′, v3, v3′], c likewise for lanes 4–7:
        // the even floats, then the odd ones.
        first = Avx2.Permute4x64(Avx.Shuffle(a, c, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
        second = Avx2.Permute4x64(Avx.Shuffle(a, c, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Gather(float* values, Vector256<int> index, Vector256<float> mask) =>
        Avx2.GatherMaskVector256(Vector256<float>.Zero, values, index, mask, 4);
}
