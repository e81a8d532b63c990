namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The coarse macro-cell grid behind delta and ratio tracking: for each cell of <see cref="CellSize"/>³ voxels the HU
/// range that trilinear interpolation can produce inside it (its voxels plus a one-voxel apron), from which a transfer
/// function gives the cell's majorant σ̄ = max σt. Empty air cells get σ̄ = 0 and cost one step.
/// Cell (a, b, c) covers voxel coordinates [a·C − ½, (a + 1)·C − ½) along i, and so on.
/// </summary>
public sealed class MajorantGrid
{
    /// <summary>Default macro-cell size in voxels.</summary>
    public const int DefaultCellSize = 8;

    /// <summary>Voxels per cell side.</summary>
    public int CellSize { get; }
    /// <summary>Cells along i.</summary>
    public int Cx { get; }
    /// <summary>Cells along j.</summary>
    public int Cy { get; }
    /// <summary>Cells along k.</summary>
    public int Cz { get; }
    /// <summary>Lowest HU per cell.</summary>
    public float[] MinHu { get; }
    /// <summary>Highest HU per cell.</summary>
    public float[] MaxHu { get; }

    private MajorantGrid(int cellSize, int cx, int cy, int cz, float[] min, float[] max)
    {
        CellSize = cellSize; Cx = cx; Cy = cy; Cz = cz; MinHu = min; MaxHu = max;
    }

    /// <summary>Builds the HU ranges of the cells of a flattened nx×ny×nz volume.</summary>
    public static MajorantGrid Build(float[] hu, int nx, int ny, int nz, int cellSize = DefaultCellSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 1);
        if (hu.LongLength != (long)nx * ny * nz) throw new ArgumentException($"Expected {(long)nx * ny * nz} voxels, got {hu.LongLength}.", nameof(hu));
        int cx = (nx + cellSize - 1) / cellSize, cy = (ny + cellSize - 1) / cellSize, cz = (nz + cellSize - 1) / cellSize;
        var min = new float[cx * cy * cz];
        var max = new float[cx * cy * cz];
        Parallel.For(0, cz, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            for (var b = 0; b < cy; b++)
                for (var a = 0; a < cx; a++)
                {
                    float lo = float.MaxValue, hi = float.MinValue;
                    for (var k = Math.Max(0, c * cellSize - 1); k <= Math.Min(nz - 1, (c + 1) * cellSize); k++)
                        for (var j = Math.Max(0, b * cellSize - 1); j <= Math.Min(ny - 1, (b + 1) * cellSize); j++)
                        {
                            var row = (long)nx * (j + (long)ny * k);
                            for (var i = Math.Max(0, a * cellSize - 1); i <= Math.Min(nx - 1, (a + 1) * cellSize); i++)
                            {
                                var v = hu[row + i];
                                if (v < lo) lo = v;
                                if (v > hi) hi = v;
                            }
                        }
                    var idx = a + cx * (b + cy * c);
                    min[idx] = lo; max[idx] = hi;
                }
        });
        return new MajorantGrid(cellSize, cx, cy, cz, min, max);
    }

    /// <summary>
    /// The majorant σ̄ per cell for a transfer function: its exact maximum over the cell's HU range widened by one table
    /// step (the baked table interpolates samples of the piecewise-linear function, so it never exceeds that).
    /// </summary>
    public float[] Majorants(TransferFunction transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var step = (TransferFunction.TableHuMax - TransferFunction.TableHuMin) / (TransferFunction.TableSize - 1);
        var m = new float[MinHu.Length];
        Parallel.For(0, m.Length, i => m[i] = transfer.MaxSigmaT(MinHu[i] - step, MaxHu[i] + step) * 1.0001f);
        return m;
    }
}
