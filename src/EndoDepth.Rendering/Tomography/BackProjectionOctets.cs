using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// The CPU launcher's eight-lane (AVX2 + FMA) version of <see cref="VoxelDrivenBackProjection"/>: the same formula,
/// f(x) += (π/M)·(D_so/U)²·q(β, u(x), v(x)), for eight consecutive voxels of a grid row at once, the four bilinear
/// corners fetched with AVX2 gathers. Work is split as the kernel body's is (one grid row per task, views in batches);
/// rows whose length is not a multiple of eight finish with the scalar formula. The scalar kernel body stays the
/// reference (and the ILGPU path); a test holds the two equal.
/// </summary>
internal static unsafe class BackProjectionOctets
{
    /// <summary>True when this CPU has AVX2 and FMA.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Adds views [<paramref name="firstView"/>, +<paramref name="viewCount"/>) of
    /// <paramref name="filtered"/>, times <paramref name="scale"/>, into every row of <paramref name="volume"/>.</summary>
    public static void Run(ScanParams scan, GridParams grid, float[] cos, float[] sin, float[] filtered,
        float[] volume, int firstView, int viewCount, float scale, CancellationToken cancellationToken)
    {
        var rows = grid.Ny * grid.Nz;
        var chunks = Math.Min(rows, Environment.ProcessorCount * 16);
        fixed (float* q = filtered)
        fixed (float* v = volume)
        {
            var qAddress = (nint)q;
            var vAddress = (nint)v;
            Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken }, c =>
            {
                var start = (int)((long)rows * c / chunks);
                var end = (int)((long)rows * (c + 1) / chunks);
                for (var r = start; r < end; r++)
                    Row(r, scan, grid, cos, sin, (float*)qAddress, (float*)vAddress, firstView, viewCount, scale);
            });
        }
    }

    private static void Row(int index, ScanParams scan, GridParams grid, float[] cos, float[] sin, float* filtered,
        float* volume, int firstView, int viewCount, float scale)
    {
        if (scan.Beam == (int)BeamKind.Parallel)
        {
            ParallelRow(index, scan, grid, cos, sin, filtered, volume, firstView, viewCount, scale);
            return;
        }
        var j = index % grid.Ny;
        var k = index / grid.Ny;
        var y = grid.Y0 + j * grid.Sy;
        var z = grid.Z0 + k * grid.Sz;
        var row0 = volume + (long)index * grid.Nx;
        var columns = scan.Columns;
        var invPitchU = 1f / scan.PitchU;
        var invPitchV = 1f / scan.PitchV;
        var colConst = 0.5f * (columns - 1) - scan.OffsetU * invPitchU;
        var rowConst = 0.5f * (scan.Rows - 1) - scan.OffsetV * invPitchV;
        var parallel = scan.Beam == (int)BeamKind.Parallel;
        var octets = grid.Nx / 8 * 8;
        var lane = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        var maxCol = Vector256.Create((float)(columns - 1));
        var maxRow = Vector256.Create((float)(scan.Rows - 1));
        var lastCol = Vector256.Create(columns - 1);
        var lastRow = Vector256.Create(scan.Rows - 1);
        var columnsV = Vector256.Create(columns);
        var near = Vector256.Create(1e-3f);
        for (var view = firstView; view < firstView + viewCount; view++)
        {
            var ca = cos[view];
            var sa = sin[view];
            var projection = view * columns * scan.Rows;
            // As in the scalar kernel, with the parallel beam as U ≡ 1: col = (n0 + i·dn)/U + c, row = z'/U + r.
            var n0 = grid.X0 * ca - y * sa;
            var dn = grid.Sx * ca;
            float u0, du, colScale, zs, weight;
            if (parallel)
            {
                u0 = 1f; du = 0f; colScale = invPitchU; zs = z * invPitchV; weight = scale;
            }
            else
            {
                u0 = scan.SourceIsocentre + grid.X0 * sa + y * ca;
                du = grid.Sx * sa;
                colScale = scan.SourceDetector * invPitchU;
                zs = z * scan.SourceDetector * invPitchV;
                weight = scale * scan.SourceIsocentre * scan.SourceIsocentre;
            }
            var n0s = n0 * colScale;
            var dns = dn * colScale;
            var vU0 = Vector256.Create(u0); var vDu = Vector256.Create(du);
            var vN0 = Vector256.Create(n0s); var vDn = Vector256.Create(dns);
            var vZ = Vector256.Create(zs); var vW = Vector256.Create(weight);
            var vColConst = Vector256.Create(colConst); var vRowConst = Vector256.Create(rowConst);
            var vProjection = Vector256.Create(projection);
            for (var i = 0; i < octets; i += 8)
            {
                var iv = Vector256.Create((float)i) + lane;
                var distance = Fma.MultiplyAdd(iv, vDu, vU0);
                var inv = Vector256<float>.One / distance;
                var col = Fma.MultiplyAdd(Fma.MultiplyAdd(iv, vDn, vN0), inv, vColConst);
                var row = Fma.MultiplyAdd(vZ, inv, vRowConst);
                var ok = Avx.And(Avx.And(Avx.CompareGreaterThanOrEqual(col, Vector256<float>.Zero),
                        Avx.CompareLessThanOrEqual(col, maxCol)),
                    Avx.And(Avx.And(Avx.CompareGreaterThanOrEqual(row, Vector256<float>.Zero),
                        Avx.CompareLessThanOrEqual(row, maxRow)), Avx.CompareGreaterThan(distance, near)));
                col = Avx.And(col, ok); // lanes off the detector read sample (0, 0) and are masked out below
                row = Avx.And(row, ok);
                var c0 = Avx.ConvertToVector256Int32WithTruncation(col);
                var r0 = Avx.ConvertToVector256Int32WithTruncation(row);
                var fc = col - Avx.ConvertToVector256Single(c0);
                var fr = row - Avx.ConvertToVector256Single(r0);
                var c1 = Avx2.Min(c0 + Vector256<int>.One, lastCol);
                var r1 = Avx2.Min(r0 + Vector256<int>.One, lastRow);
                var top = vProjection + Avx2.MultiplyLow(r0, columnsV);
                var bottom = vProjection + Avx2.MultiplyLow(r1, columnsV);
                var a = Avx2.GatherVector256(filtered, top + c0, 4);
                var b = Avx2.GatherVector256(filtered, top + c1, 4);
                var c = Avx2.GatherVector256(filtered, bottom + c0, 4);
                var d = Avx2.GatherVector256(filtered, bottom + c1, 4);
                var upper = Fma.MultiplyAdd(fc, b - a, a);
                var lower = Fma.MultiplyAdd(fc, d - c, c);
                var q = Avx.And(Fma.MultiplyAdd(fr, lower - upper, upper), ok);
                var target = row0 + i;
                Avx.Store(target, Fma.MultiplyAdd(vW * inv * inv, q, Avx.LoadVector256(target)));
            }
            for (var i = octets; i < grid.Nx; i++)
            {
                var distance = u0 + i * du;
                if (distance <= 1e-3f) continue;
                var inv = 1f / distance;
                var col = (n0s + i * dns) * inv + colConst;
                var row = zs * inv + rowConst;
                if (!(col >= 0f && col <= columns - 1 && row >= 0f && row <= scan.Rows - 1)) continue;
                var c0 = (int)col; var r0 = (int)row;
                var fc = col - c0; var fr = row - r0;
                var c1 = Math.Min(c0 + 1, columns - 1);
                var r1 = Math.Min(r0 + 1, scan.Rows - 1);
                var top = filtered + projection + r0 * columns;
                var bottom = filtered + projection + r1 * columns;
                var upper = top[c0] + fc * (top[c1] - top[c0]);
                var lower = bottom[c0] + fc * (bottom[c1] - bottom[c0]);
                row0[i] += weight * inv * inv * (upper + fr * (lower - upper));
            }
        }
    }

    /// <summary>Largest column step per voxel for which eight consecutive voxels' columns c₀ … c₀ + 1 fit in a window
    /// of sixteen entries: 7·|Δc| + 2 ≤ 15, with room for rounding.</summary>
    public const float WindowStep = 1.75f;

    /// <summary>Entries beyond the detector's columns that window loads may touch (lanes off the detector read them
    /// and are masked).</summary>
    public const int LinePadding = 32;

    /// <summary>
    /// A parallel beam's grid row: U ≡ D_so, so the detector column is affine along the row, col_i = c₀ + i·Δc (no
    /// reciprocal), and the detector row is the same for every voxel. Per view the two detector rows are interpolated
    /// once into a contiguous line L[c] (a copy when the row falls on a detector row, as in 2-D), then eight voxels take
    /// L at their columns at once: from a window of sixteen entries by two loads and two permutes while |Δc| ≤
    /// <see cref="WindowStep"/> (pixels no larger than the detector's), by gathers otherwise.
    /// </summary>
    private static void ParallelRow(int index, ScanParams scan, GridParams grid, float[] cos, float[] sin,
        float* filtered, float* volume, int firstView, int viewCount, float scale)
    {
        var j = index % grid.Ny;
        var k = index / grid.Ny;
        var y = grid.Y0 + j * grid.Sy;
        var z = grid.Z0 + k * grid.Sz;
        var columns = scan.Columns;
        var invPitchU = 1f / scan.PitchU;
        var invPitchV = 1f / scan.PitchV;
        var colConst = 0.5f * (columns - 1) - scan.OffsetU * invPitchU;
        var rowConst = 0.5f * (scan.Rows - 1) - scan.OffsetV * invPitchV;
        var row = z * invPitchV + rowConst;
        if (!(row >= 0f && row <= scan.Rows - 1)) return; // the whole grid row misses the detector in every view
        var r0 = (int)row;
        var fr = row - r0;
        var r1 = Math.Min(r0 + 1, scan.Rows - 1);
        var length = columns + LinePadding;
        Span<float> lineBuffer = length <= 8192 ? stackalloc float[length] : new float[length];
        fixed (float* line = lineBuffer)
        {
            var row0 = volume + (long)index * grid.Nx;
            var nx = grid.Nx;
            var octetEnd = nx / 8 * 8;
            var lastCol = (float)(columns - 1);
            var lane = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
            var vLastCol = Vector256.Create(lastCol);
            var vScale = Vector256.Create(scale);
            for (var view = firstView; view < firstView + viewCount; view++)
            {
                var ca = cos[view];
                var sa = sin[view];
                // As the scalar kernel: col_i = (n0·/pitch + c) + i·(dn/pitch).
                var c0 = (grid.X0 * ca - y * sa) * invPitchU + colConst;
                var dc = grid.Sx * ca * invPitchU;
                int iLo, iHi;
                if (dc == 0f)
                {
                    (iLo, iHi) = c0 >= 0f && c0 <= lastCol ? (0, nx) : (0, 0);
                }
                else
                {
                    // Voxels i in [iLo, iHi) may hit the detector; each is still tested exactly.
                    var t0 = -(double)c0 / dc;
                    var t1 = (lastCol - (double)c0) / dc;
                    iLo = (int)Math.Clamp(Math.Floor(Math.Min(t0, t1)) - 1, 0, nx);
                    iHi = (int)Math.Clamp(Math.Ceiling(Math.Max(t0, t1)) + 2, 0, nx);
                }
                if (iHi <= iLo) continue;
                var iFirst = iLo / 8 * 8;
                var octetsEnd = Math.Min(iHi, octetEnd);
                var iLast = Math.Max(iHi, iFirst + (octetsEnd - iFirst + 7) / 8 * 8) - 1;
                var cA = Math.Clamp(c0 + iFirst * dc, 0f, lastCol);
                var cB = Math.Clamp(c0 + iLast * dc, 0f, lastCol);
                var cLo = (int)Math.Min(cA, cB);
                var cHi = Math.Min(columns - 1, (int)Math.Max(cA, cB) + 1);
                var projection = filtered + (long)view * columns * scan.Rows;
                var top = projection + (long)r0 * columns;
                if (fr == 0f)
                    new ReadOnlySpan<float>(top + cLo, cHi - cLo + 1).CopyTo(new Span<float>(line + cLo, cHi - cLo + 1));
                else
                    Lerp(top, projection + (long)r1 * columns, fr, line, cLo, cHi);

                var vC0 = Vector256.Create(c0);
                var vDc = Vector256.Create(dc);
                var window = Math.Abs(dc) <= WindowStep;
                var descending = dc < 0f;
                var i = iFirst;
                for (; i < octetsEnd; i += 8)
                {
                    var col = Avx.Add(Avx.Multiply(Vector256.Create((float)i) + lane, vDc), vC0);
                    var ok = Avx.And(Avx.CompareGreaterThanOrEqual(col, Vector256<float>.Zero),
                        Avx.CompareLessThanOrEqual(col, vLastCol));
                    var clamped = Avx.Min(Avx.Max(col, Vector256<float>.Zero), vLastCol);
                    var ci = Avx.ConvertToVector256Int32WithTruncation(clamped);
                    var fc = clamped - Avx.ConvertToVector256Single(ci);
                    SixteenEntryWindow.ReadPair(line, ci, descending ? ci.GetElement(7) : ci.ToScalar(), window,
                        out var left, out var right);
                    var q = Avx.And(Fma.MultiplyAdd(fc, right - left, left), ok);
                    Avx.Store(row0 + i, Fma.MultiplyAdd(vScale, q, Avx.LoadVector256(row0 + i)));
                }
                for (i = Math.Max(i, iLo); i < iHi; i++)
                {
                    var col = c0 + i * dc;
                    if (!(col >= 0f && col <= lastCol)) continue;
                    var ci = (int)col;
                    var fc = col - ci;
                    var q = fc != 0f ? line[ci] + fc * (line[ci + 1] - line[ci]) : line[ci];
                    row0[i] += scale * q;
                }
            }
        }
    }

    /// <summary>L[c] = a[c] + f·(b[c] − a[c]) for c in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    private static void Lerp(float* a, float* b, float f, float* line, int from, int to)
    {
        var vf = Vector256.Create(f);
        var c = from;
        for (; c + 8 <= to + 1; c += 8)
        {
            var va = Avx.LoadVector256(a + c);
            Avx.Store(line + c, Fma.MultiplyAdd(vf, Avx.LoadVector256(b + c) - va, va));
        }
        for (; c <= to; c++) line[c] = a[c] + f * (b[c] - a[c]);
    }
}
