using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// The CPU launcher's eight-lane (AVX2 + FMA) version of <see cref="ZLineBackProjection"/> over the
/// <see cref="BackProjectionLayout.ZMajor"/> layout (a voxel column and a detector column are contiguous). Per
/// (column, view) the two detector columns the line falls between are interpolated once into a contiguous line
/// L[r] = q(c0, r) + f_c·(q(c1, r) − q(c0, r)), the same expression the scalar kernel evaluates per voxel; then eight
/// consecutive voxels of the line take L at rows v_k = v_0 + k·Δv at once. While Δv ≤ <see cref="WindowStep"/>
/// the eight rows lie within sixteen consecutive entries of L, which two loads and two in-register permutes fetch;
/// a steeper line (voxels much larger than the detector's pixels) gathers. The scalar body stays the reference (and the
/// GPU path); a test holds the two equal.
/// </summary>
internal static unsafe class ZLineOctets
{
    /// <summary>True when this CPU has AVX2 and FMA.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Largest row step per voxel for which eight consecutive voxels' rows r₀ … r₀ + 1 fit in a window of
    /// sixteen line entries: 7·Δv + 2 ≤ 15, with room for rounding.</summary>
    public const float WindowStep = 1.75f;

    /// <summary>Line entries beyond the detector's rows that window loads may touch (they read zeros or finite stale
    /// values that the lane masks discard).</summary>
    public const int LinePadding = 32;

    /// <summary>Adds views [<paramref name="firstView"/>, +<paramref name="viewCount"/>) of
    /// <paramref name="filtered"/> (views × columns × rows) into voxel column <paramref name="index"/> = i + Nx·j of
    /// <paramref name="volume"/> (k fastest).</summary>
    public static void Column(int index, ScanParams scan, GridParams grid, float[] cos, float[] sin, float* filtered,
        float* volume, int firstView, int viewCount, float scale)
    {
        var rows = scan.Rows;
        var length = rows + LinePadding;
        Span<float> lineBuffer = length <= 8192 ? stackalloc float[length] : new float[length];
        fixed (float* line = lineBuffer)
        {
            var i = index % grid.Nx;
            var j = index / grid.Nx;
            var target = volume + (long)index * grid.Nz;
            var viewSize = (long)scan.Columns * rows;
            var nz = grid.Nz;
            var octetEnd = nz / 8 * 8;
            var lastRow = (float)(rows - 1);
            var lane = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
            var vLastRow = Vector256.Create(lastRow);
            for (var view = firstView; view < firstView + viewCount; view++)
            {
                var z = ZLine.Of(scan, grid, i, j, cos[view], sin[view], scale);
                if (!z.Valid) continue;
                // Voxels k in [kLo, kHi) may hit the detector (rows increase with k); each is still tested exactly.
                var kLo = (int)Math.Clamp(Math.Floor(-(double)z.Row0 / z.RowStep) - 1, 0, nz);
                var kHi = (int)Math.Clamp(Math.Ceiling((lastRow - (double)z.Row0) / z.RowStep) + 2, 0, nz);
                if (kHi <= kLo) continue;
                // The octets run from kLo rounded down to a multiple of 8 to the last whole octet before kHi, the
                // scalar tail to kHi: L is built for every row those voxels reach.
                var kFirst = kLo / 8 * 8;
                var octetsEnd = Math.Min(kHi, octetEnd);
                var kLast = Math.Max(kHi, kFirst + (octetsEnd - kFirst + 7) / 8 * 8) - 1;
                var rLo = (int)Math.Clamp(z.Row0 + kFirst * z.RowStep, 0f, lastRow);
                var rHi = Math.Min(rows - 1, (int)Math.Clamp(z.Row0 + kLast * z.RowStep, 0f, lastRow) + 1);
                Interpolate(filtered + view * viewSize + (long)z.Column0 * rows,
                    filtered + view * viewSize + (long)z.Column1 * rows, z.ColumnFraction, line, rLo, rHi);

                var vRow0 = Vector256.Create(z.Row0);
                var vStep = Vector256.Create(z.RowStep);
                var vWeight = Vector256.Create(z.Weight);
                var window = z.RowStep <= WindowStep;
                var k = kFirst;
                for (; k < octetsEnd; k += 8)
                {
                    // Row per lane exactly as the scalar body: (k·Δv) + v₀, zero outside [0, R − 1].
                    var row = Avx.Add(Avx.Multiply(Vector256.Create((float)k) + lane, vStep), vRow0);
                    var ok = Avx.And(Avx.CompareGreaterThanOrEqual(row, Vector256<float>.Zero),
                        Avx.CompareLessThanOrEqual(row, vLastRow));
                    var clamped = Avx.Min(Avx.Max(row, Vector256<float>.Zero), vLastRow);
                    var r0 = Avx.ConvertToVector256Int32WithTruncation(clamped);
                    var fr = clamped - Avx.ConvertToVector256Single(r0);
                    SixteenEntryWindow.ReadPair(line, r0, r0.ToScalar(), window, out var top, out var bottom);
                    var q = Avx.And(Fma.MultiplyAdd(fr, bottom - top, top), ok);
                    Avx.Store(target + k, Fma.MultiplyAdd(vWeight, q, Avx.LoadVector256(target + k)));
                }
                for (k = Math.Max(k, kLo); k < kHi; k++)
                {
                    var row = z.Row0 + k * z.RowStep;
                    if (!(row >= 0f && row <= lastRow)) continue;
                    var r0 = (int)row;
                    var fr = row - r0;
                    var q = fr != 0f ? line[r0] + fr * (line[r0 + 1] - line[r0]) : line[r0];
                    target[k] += z.Weight * q;
                }
            }
        }
    }

    /// <summary>L[r] = a[r] + f·(b[r] − a[r]) for r in [<paramref name="from"/>, <paramref name="to"/>] (a product and
    /// a sum, as the scalar body computes it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interpolate(float* a, float* b, float f, float* line, int from, int to)
    {
        var vf = Vector256.Create(f);
        var r = from;
        for (; r + 8 <= to + 1; r += 8)
        {
            var va = Avx.LoadVector256(a + r);
            Avx.Store(line + r, Avx.Add(va, Avx.Multiply(vf, Avx.LoadVector256(b + r) - va)));
        }
        for (; r <= to; r++) line[r] = a[r] + f * (b[r] - a[r]);
    }
}

/// <summary>The <see cref="ZLineOctets"/> back-projection as a <c>Parallel.For</c> body (one index per voxel
/// column).</summary>
[HostOnlyKernel("AVX2 intrinsics over pinned host memory")]
internal unsafe struct ZLineOctetBody : IKernelBody
{
    /// <summary>The scan.</summary>
    public ScanParams Scan;
    /// <summary>The reconstruction grid.</summary>
    public GridParams Grid;
    /// <summary>cos β per view.</summary>
    public float[] Cos;
    /// <summary>sin β per view.</summary>
    public float[] Sin;
    /// <summary>Filtered projections, views × columns × rows (pinned).</summary>
    public float* Filtered;
    /// <summary>The volume being accumulated, k + Nz·(i + Nx·j) (pinned).</summary>
    public float* Volume;
    /// <summary>First view of this launch.</summary>
    public int FirstView;
    /// <summary>Views in this launch.</summary>
    public int ViewCount;
    /// <summary>Angular weight per view (π/M).</summary>
    public float Scale;

    /// <inheritdoc />
    public readonly void Execute(int index) => ZLineOctets.Column(index, Scan, Grid, Cos, Sin, Filtered, Volume,
        FirstView, ViewCount, Scale);
}
