using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// <see cref="VoxelDrivenBackProjection"/>'s formula walked along z-lines, for volumes (FDK, Feldkamp, Davis &amp; Kress
/// 1984, eq. (25)): f(x) ≈ (π/M) · Σ_β (D_so/U)² · q(β, u, v). On a circular orbit the source and the detector's column
/// axis turn about z, so for one voxel column (fixed x, y) and one view the distance U = D_so + x·d, the detector column
/// u = D_sd·(x·e_u)/U and the weight (D_so/U)² are the same for every z, and the detector row v = D_sd·z/U is affine in
/// z. Per (column, view) this costs one reciprocal and one column interpolation; per voxel, one linear interpolation
/// along a detector column. One thread handles one voxel column (index i + Nx·j) and a batch of views. Samples are
/// bilinear and zero outside [0, C − 1] × [0, R − 1], as in the row kernel.
/// </summary>
internal static class ZLineBackProjection
{
    /// <summary>Adds views [<paramref name="firstView"/>, +<paramref name="viewCount"/>) of
    /// <paramref name="filtered"/>, times <paramref name="scale"/>, into voxel column <paramref name="index"/> = i + Nx·j
    /// of <paramref name="volume"/>, both stored as <paramref name="layout"/> says.</summary>
    public static void Column<TView>(int index, ScanParams scan, GridParams grid, BackProjectionLayout layout,
        TView cos, TView sin, TView filtered, TView volume, int firstView, int viewCount, float scale)
        where TView : struct, IElementView<float>
    {
        var i = index % grid.Nx;
        var j = index / grid.Nx;
        var voxel0 = i * layout.VoxelI + j * layout.VoxelJ;
        var viewSize = scan.Columns * scan.Rows;
        for (var view = firstView; view < firstView + viewCount; view++)
        {
            var line = ZLine.Of(scan, grid, i, j, cos.Load(view), sin.Load(view), scale);
            if (!line.Valid) continue;
            var p0 = view * viewSize + line.Column0 * layout.DetectorColumn;
            var p1 = view * viewSize + line.Column1 * layout.DetectorColumn;
            for (var k = 0; k < grid.Nz; k++)
            {
                var row = line.Row0 + k * line.RowStep;
                if (!(row >= 0f && row <= scan.Rows - 1)) continue;
                var r0 = (int)row;
                var fr = row - r0;
                var a = r0 * layout.DetectorRow;
                // eq. (25)'s bilinear sample: the column interpolation (fixed along the line), then the row's.
                var top = filtered.Load(p0 + a) + line.ColumnFraction * (filtered.Load(p1 + a) - filtered.Load(p0 + a));
                var q = top;
                if (fr != 0f)
                {
                    var b = a + layout.DetectorRow;
                    var bottom = filtered.Load(p0 + b)
                        + line.ColumnFraction * (filtered.Load(p1 + b) - filtered.Load(p0 + b));
                    q = top + fr * (bottom - top);
                }
                var at = voxel0 + k * layout.VoxelK;
                volume.Store(at, volume.Load(at) + line.Weight * q);
            }
        }
    }
}

/// <summary>What one voxel column (fixed i, j) sees in one view: the detector columns and weight shared by all its
/// voxels and its detector row as an affine function of k (pixel units).</summary>
internal struct ZLine
{
    /// <summary>False when the column projects off the detector or lies behind the source.</summary>
    public bool Valid;
    /// <summary>Left detector column of the bilinear sample.</summary>
    public int Column0;
    /// <summary>Right detector column (Column0 + 1, or Column0 on the last column).</summary>
    public int Column1;
    /// <summary>Fraction between the two columns.</summary>
    public float ColumnFraction;
    /// <summary>Detector row (pixel units) of voxel k = 0.</summary>
    public float Row0;
    /// <summary>Row increment per voxel along z (positive).</summary>
    public float RowStep;
    /// <summary>(π/M)·(D_so/U)², or π/M for a parallel beam.</summary>
    public float Weight;

    /// <summary>The line of voxel column (<paramref name="i"/>, <paramref name="j"/>) at the view with
    /// cos β = <paramref name="ca"/>, sin β = <paramref name="sa"/>. The row of voxel k is Row0 + k·RowStep, computed
    /// in that order (a product, then a sum) by every back-projector so that all agree on which voxels hit the
    /// detector.</summary>
    public static ZLine Of(ScanParams scan, GridParams grid, int i, int j, float ca, float sa, float scale)
    {
        var line = default(ZLine);
        var x = grid.X0 + i * grid.Sx;
        var y = grid.Y0 + j * grid.Sy;
        var invPitchU = 1f / scan.PitchU;
        var invPitchV = 1f / scan.PitchV;
        var colConst = 0.5f * (scan.Columns - 1) - scan.OffsetU * invPitchU;
        var rowConst = 0.5f * (scan.Rows - 1) - scan.OffsetV * invPitchV;
        float inv, colScale, rowScale, weight;
        if (scan.Beam == (int)BeamKind.Parallel)
        {
            inv = 1f; colScale = invPitchU; rowScale = invPitchV; weight = scale;
        }
        else
        {
            var distance = scan.SourceIsocentre + x * sa + y * ca; // U = D_so + x·d
            if (distance <= 1e-3f) return line; // behind the source
            inv = 1f / distance;
            colScale = scan.SourceDetector * invPitchU;
            rowScale = scan.SourceDetector * invPitchV;
            weight = scale * scan.SourceIsocentre * scan.SourceIsocentre * inv * inv;
        }
        var col = (x * ca - y * sa) * colScale * inv + colConst; // u = D_sd·(x·e_u)/U in pixels
        if (!(col >= 0f && col <= scan.Columns - 1)) return line;
        line.Column0 = (int)col;
        line.Column1 = line.Column0 + 1 < scan.Columns ? line.Column0 + 1 : line.Column0;
        line.ColumnFraction = col - line.Column0;
        line.Row0 = grid.Z0 * rowScale * inv + rowConst; // v = D_sd·z/U in pixels
        line.RowStep = grid.Sz * rowScale * inv;
        line.Weight = weight;
        line.Valid = true;
        return line;
    }
}

/// <summary>Element strides of a volume and of the projections a back-projector reads and writes: voxel (i, j, k) at
/// i·VoxelI + j·VoxelJ + k·VoxelK; detector sample (view, row, column) at view·R·C + row·DetectorRow +
/// column·DetectorColumn. The natural layout (<see cref="Natural"/>) is i fastest and columns fastest; the CPU's
/// z-line path uses <see cref="ZMajor"/> (k fastest, rows fastest) so that a z-line walks contiguous memory.</summary>
internal struct BackProjectionLayout
{
    /// <summary>Stride of i.</summary>
    public int VoxelI;
    /// <summary>Stride of j.</summary>
    public int VoxelJ;
    /// <summary>Stride of k.</summary>
    public int VoxelK;
    /// <summary>Stride of a detector row within a view.</summary>
    public int DetectorRow;
    /// <summary>Stride of a detector column within a view.</summary>
    public int DetectorColumn;

    /// <summary>Volume i + Nx·(j + Ny·k); projections views × rows × columns.</summary>
    public static BackProjectionLayout Natural(GridParams grid, ScanParams scan) => new()
    {
        VoxelI = 1, VoxelJ = grid.Nx, VoxelK = grid.Nx * grid.Ny, DetectorRow = scan.Columns, DetectorColumn = 1,
    };

    /// <summary>Volume k + Nz·(i + Nx·j); projections views × columns × rows.</summary>
    public static BackProjectionLayout ZMajor(GridParams grid, ScanParams scan) => new()
    {
        VoxelI = grid.Nz, VoxelJ = grid.Nz * grid.Nx, VoxelK = 1, DetectorRow = 1, DetectorColumn = scan.Rows,
    };
}
