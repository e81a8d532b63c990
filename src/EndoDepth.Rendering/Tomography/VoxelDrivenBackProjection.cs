using System.Runtime.CompilerServices;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// Distance-weighted voxel-driven back-projection (Feldkamp, Davis &amp; Kress 1984, J. Opt. Soc. Am. A 1(6), eq. (25);
/// Kak &amp; Slaney 1988 ch. 3 eq. (146) for the fan): each voxel x adds, per view β, the filtered projection at the
/// point x projects to, weighted by (D_so/U)² with U = D_so + x·d the voxel's distance from the source along the
/// central ray:
///   f(x) ≈ (π/M) · Σ_β (D_so/U)² · q(β, u(x), v(x)),  u = D_sd·(x·e_u)/U,  v = D_sd·z/U.
/// For a parallel beam U ≡ D_so and u = x·e_u, v = z. Detector samples are interpolated linearly and are zero outside
/// [0, C − 1] × [0, R − 1] (as <c>numpy.interp(left=0, right=0)</c> in scikit-image's <c>iradon</c>). One thread
/// handles one grid row (fixed j, k; all i), so that U and x·e_u advance by constant steps along it, and a batch of
/// views, accumulating into the volume.
/// </summary>
internal static class VoxelDrivenBackProjection
{
    /// <summary>Adds views [<paramref name="firstView"/>, +<paramref name="viewCount"/>) of
    /// <paramref name="filtered"/>, times <paramref name="scale"/>, into grid row <paramref name="index"/> = j + Ny·k
    /// of <paramref name="volume"/>.</summary>
    public static void Row<TView>(int index, ScanParams scan, GridParams grid, TView cos, TView sin, TView filtered,
        TView volume, int firstView, int viewCount, float scale)
        where TView : struct, IElementView<float>
    {
        var j = index % grid.Ny;
        var k = index / grid.Ny;
        var y = grid.Y0 + j * grid.Sy;
        var z = grid.Z0 + k * grid.Sz;
        var rowStart = index * grid.Nx;
        var cc = 0.5f * (scan.Columns - 1);
        var rc = 0.5f * (scan.Rows - 1);
        var invPitchU = 1f / scan.PitchU;
        var invPitchV = 1f / scan.PitchV;
        var viewSize = scan.Columns * scan.Rows;
        var parallel = scan.Beam == (int)BeamKind.Parallel;
        // Per view, along the row x = X0 + i·Δx: x·e_u = n0 + i·dn and U = u0 + i·du; detector coordinates are kept in
        // pixel units (col = (u − offset_u)/pitch_u + (C − 1)/2, likewise row) so that each voxel costs one
        // reciprocal, a few multiply-adds and one bilinear sample.
        var colConst = cc - scan.OffsetU * invPitchU;
        var rowConst = rc - scan.OffsetV * invPitchV;
        for (var view = firstView; view < firstView + viewCount; view++)
        {
            var ca = cos.Load(view);
            var sa = sin.Load(view);
            var projection = view * viewSize;
            var n0 = grid.X0 * ca - y * sa;
            var dn = grid.Sx * ca;
            if (parallel)
            {
                var row = z * invPitchV + rowConst;
                var c0 = n0 * invPitchU + colConst;
                var dc = dn * invPitchU;
                for (var i = 0; i < grid.Nx; i++)
                {
                    var q = Sample(filtered, projection, c0 + i * dc, row, scan.Columns, scan.Rows);
                    volume.Store(rowStart + i, volume.Load(rowStart + i) + scale * q);
                }
            }
            else
            {
                var u0 = scan.SourceIsocentre + grid.X0 * sa + y * ca;
                var du = grid.Sx * sa;
                var colScale = scan.SourceDetector * invPitchU;
                var n0s = n0 * colScale;
                var dns = dn * colScale;
                var zs = z * scan.SourceDetector * invPitchV;
                var weight = scale * scan.SourceIsocentre * scan.SourceIsocentre;
                for (var i = 0; i < grid.Nx; i++)
                {
                    var distance = u0 + i * du;
                    if (distance <= 1e-3f) continue; // behind the source
                    var inv = 1f / distance;
                    var q = Sample(filtered, projection, (n0s + i * dns) * inv + colConst, zs * inv + rowConst,
                        scan.Columns, scan.Rows);
                    volume.Store(rowStart + i, volume.Load(rowStart + i) + weight * inv * inv * q);
                }
            }
        }
    }

    /// <summary>Bilinear sample at (col, row) of one projection; zero outside [0, C−1] × [0, R−1] (so every index
    /// read lies inside the projection).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sample<TView>(TView filtered, int projection, float col, float row, int columns, int rows)
        where TView : struct, IElementView<float>
    {
        if (!(col >= 0f && col <= columns - 1 && row >= 0f && row <= rows - 1)) return 0f;
        var c0 = (int)col; var r0 = (int)row;
        var fc = col - c0; var fr = row - r0;
        var c1 = c0 + 1 < columns ? c0 + 1 : c0;
        var r1 = r0 + 1 < rows ? r0 + 1 : r0;
        var a = projection + r0 * columns;
        var b = projection + r1 * columns;
        var top = filtered.Load(a + c0) + fc * (filtered.Load(a + c1) - filtered.Load(a + c0));
        if (fr == 0f) return top;
        var bottom = filtered.Load(b + c0) + fc * (filtered.Load(b + c1) - filtered.Load(b + c0));
        return top + fr * (bottom - top);
    }
}
