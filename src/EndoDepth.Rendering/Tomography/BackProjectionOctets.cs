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
}
