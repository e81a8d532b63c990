namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Empty-space distances for skipping air in delta and ratio tracking: for each macro cell of a grid, the Chebyshev
/// (chessboard) distance in cells to the nearest cell whose majorant is non-zero (0 for such cells). A cell at distance
/// d has only empty cells within d − 1 cells along every axis, so a ray may leave that cube without sampling: σt = 0
/// there, and skipping a zero-extinction stretch changes no free-flight or transmittance distribution (exact and
/// unbiased). Cells outside the grid count as empty (the tracker never leaves the volume's box).
/// </summary>
internal static class EmptySpace
{
    /// <summary>Distance given to cells when no cell is occupied.</summary>
    public const int Unbounded = 1 << 24;

    /// <summary>
    /// The Chebyshev distance transform of the occupied cells (majorant &gt; 0) of a cx×cy×cz grid flattened
    /// a + cx·(b + cy·c): two raster passes with the 26-neighbour unit mask, which are exact for the chessboard
    /// metric.
    /// </summary>
    public static int[] Distances(float[] majorants, int cx, int cy, int cz)
    {
        ArgumentNullException.ThrowIfNull(majorants);
        if (majorants.LongLength != (long)cx * cy * cz)
            throw new ArgumentException($"Expected {(long)cx * cy * cz} cells, got {majorants.LongLength}.",
            nameof(majorants));
        var d = new int[majorants.Length];
        for (var i = 0; i < d.Length; i++) d[i] = majorants[i] > 0f ? 0 : Unbounded;
        var sy = cx; var sz = cx * cy;
        // Forward pass: the 13 neighbours that precede a cell in raster order; backward pass: the 13 that follow.
        for (var c = 0; c < cz; c++)
            for (var b = 0; b < cy; b++)
                for (var a = 0; a < cx; a++)
                {
                    var i = a + sy * b + sz * c;
                    var m = d[i];
                    if (m == 0) continue;
                    if (a > 0) m = Math.Min(m, d[i - 1] + 1);
                    if (b > 0) m = Math.Min(m, Row(d, i - sy, a, cx) + 1);
                    if (c > 0)
                    {
                        m = Math.Min(m, Row(d, i - sz, a, cx) + 1);
                        if (b > 0) m = Math.Min(m, Row(d, i - sz - sy, a, cx) + 1);
                        if (b + 1 < cy) m = Math.Min(m, Row(d, i - sz + sy, a, cx) + 1);
                    }
                    d[i] = m;
                }
        for (var c = cz - 1; c >= 0; c--)
            for (var b = cy - 1; b >= 0; b--)
                for (var a = cx - 1; a >= 0; a--)
                {
                    var i = a + sy * b + sz * c;
                    var m = d[i];
                    if (m == 0) continue;
                    if (a + 1 < cx) m = Math.Min(m, d[i + 1] + 1);
                    if (b + 1 < cy) m = Math.Min(m, Row(d, i + sy, a, cx) + 1);
                    if (c + 1 < cz)
                    {
                        m = Math.Min(m, Row(d, i + sz, a, cx) + 1);
                        if (b > 0) m = Math.Min(m, Row(d, i + sz - sy, a, cx) + 1);
                        if (b + 1 < cy) m = Math.Min(m, Row(d, i + sz + sy, a, cx) + 1);
                    }
                    d[i] = m;
                }
        return d;
    }

    /// <summary>The smallest of the (up to) three cells at <paramref name="i"/> − 1, i, i + 1 along a row.</summary>
    private static int Row(int[] d, int i, int a, int cx)
    {
        var m = d[i];
        if (a > 0) m = Math.Min(m, d[i - 1]);
        if (a + 1 < cx) m = Math.Min(m, d[i + 1]);
        return m;
    }

    /// <summary>
    /// The radius (mm) of a ball around world point <paramref name="world"/> in which σt = 0, from the empty-space
    /// distance d of its macro cell in <paramref name="trackingMajorants"/>
    /// (<see cref="MajorantGrid.TrackingMajorants"/>):
    /// the cells within d − 1 of it are empty, an L∞ ball of (d − 1)·C voxels about the point, which holds the
    /// world ball
    /// of that radius divided by the largest row norm of the world → voxel map. 0 when the point is outside the grid
    /// or
    /// next to tissue.
    /// </summary>
    public static float RadiusAround<TView>(float[] trackingMajorants, MajorantGrid grid, VolumeField<TView> field,
        Geometry.Float3 world)
        where TView : struct, Compute.IElementView<float>
    {
        ArgumentNullException.ThrowIfNull(trackingMajorants);
        ArgumentNullException.ThrowIfNull(grid);
        var v = field.ToVoxel(world);
        var a = MathF.Floor((v.X - MajorantGrid.Offset) / grid.CellSize);
        var b = MathF.Floor((v.Y - MajorantGrid.Offset) / grid.CellSize);
        var c = MathF.Floor((v.Z - MajorantGrid.Offset) / grid.CellSize);
        if (!(a >= 0 && b >= 0 && c >= 0 && a < grid.Cx && b < grid.Cy && c < grid.Cz)) return 0f;
        var m = trackingMajorants[(int)a + grid.Cx * ((int)b + grid.Cy * (int)c)];
        if (m > -2f) return 0f;
        var stretch = MathF.Max(field.M0.Length, MathF.Max(field.M1.Length, field.M2.Length));
        return (-m - 1f) * grid.CellSize / stretch;
    }
}
