namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The coarse macro-cell grid behind delta and ratio tracking: for each cell of <see cref="CellSize"/>³ voxels the HU
/// range that trilinear interpolation can produce inside it, from which a transfer function gives the cell's majorant
/// σ̄ = max σt. Cells are aligned with the voxel lattice: cell (a, b, c) covers voxel coordinates
/// [a·C − 1, (a + 1)·C − 1) along i (and so on), a union of whole lattice cubes, so every trilinear value inside
/// it is
/// a convex combination of the voxels a·C − 1 … (a + 1)·C − 1 (clamped to the grid) and their range bounds it
/// exactly.
/// Empty cells (σ̄ = 0) carry their distance to the nearest non-empty cell (<see cref="EmptySpace"/>) so that
/// tracking
/// crosses air in a few steps.
/// </summary>
internal sealed class MajorantGrid
{
    /// <summary>Default macro-cell size in voxels.</summary>
    public const int DefaultCellSize = 8;

    /// <summary>Voxel coordinate at which cell 0 starts along each axis (cell a covers [a·C + Offset, (a + 1)·C +
    /// Offset)).</summary>
    public const float Offset = -1f;

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

    /// <summary>Cells along an axis of <paramref name="n"/> voxels: enough to cover [−½, n − ½).</summary>
    public static int CellCount(int n, int cellSize) => (n + cellSize) / cellSize;

    /// <summary>The cell index along one axis of continuous voxel coordinate <paramref name="v"/> (clamped to the
    /// grid).</summary>
    public static int CellOf(float v, int cellSize, int cells) =>
        Math.Min(Math.Max((int)MathF.Floor((v - Offset) / cellSize), 0), cells - 1);

    /// <summary>Builds the HU ranges of the cells of a flattened nx×ny×nz volume.</summary>
    public static MajorantGrid Build(float[] hu, int nx, int ny, int nz, int cellSize = DefaultCellSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 1);
        if (hu.LongLength != (long)nx * ny * nz)
            throw new ArgumentException($"Expected {(long)nx * ny * nz} voxels, got {hu.LongLength}.", nameof(hu));
        int cx = CellCount(nx, cellSize), cy = CellCount(ny, cellSize), cz = CellCount(nz, cellSize);
        // The box minimum/maximum is separable: reduce along i, then j, then k (cell a's window along an axis is the
        // voxels a·C − 1 … (a + 1)·C − 1, clamped to the grid).
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        var minI = new float[(long)cx * ny * nz]; var maxI = new float[minI.LongLength];
        Parallel.For(0, nz, options, k =>
        {
            for (var j = 0; j < ny; j++)
            {
                var row = (long)nx * (j + (long)ny * k);
                var o = (long)cx * (j + (long)ny * k);
                for (var a = 0; a < cx; a++)
                {
                    float lo = float.MaxValue, hi = float.MinValue;
                    for (var i = Math.Max(0, a * cellSize - 1); i <= Math.Min(nx - 1, (a + 1) * cellSize - 1); i++)
                    {
                        var v = hu[row + i];
                        lo = MathF.Min(lo, v); hi = MathF.Max(hi, v);
                    }
                    minI[o + a] = lo; maxI[o + a] = hi;
                }
            }
        });
        var minJ = new float[(long)cx * cy * nz]; var maxJ = new float[minJ.LongLength];
        Parallel.For(0, nz, options, k =>
        {
            for (var b = 0; b < cy; b++)
            {
                var o = (long)cx * (b + (long)cy * k);
                for (var a = 0; a < cx; a++) { minJ[o + a] = float.MaxValue; maxJ[o + a] = float.MinValue; }
                for (var j = Math.Max(0, b * cellSize - 1); j <= Math.Min(ny - 1, (b + 1) * cellSize - 1); j++)
                {
                    var src = (long)cx * (j + (long)ny * k);
                    for (var a = 0; a < cx; a++)
                    {
                        minJ[o + a] = MathF.Min(minJ[o + a], minI[src + a]);
                        maxJ[o + a] = MathF.Max(maxJ[o + a], maxI[src + a]);
                    }
                }
            }
        });
        var min = new float[cx * cy * cz];
        var max = new float[cx * cy * cz];
        Parallel.For(0, cz, options, c =>
        {
            var o = (long)cx * cy * c;
            for (var q = 0; q < cx * cy; q++) { min[o + q] = float.MaxValue; max[o + q] = float.MinValue; }
            for (var k = Math.Max(0, c * cellSize - 1); k <= Math.Min(nz - 1, (c + 1) * cellSize - 1); k++)
            {
                var src = (long)cx * cy * k;
                for (var q = 0; q < cx * cy; q++)
                {
                    min[o + q] = MathF.Min(min[o + q], minJ[src + q]);
                    max[o + q] = MathF.Max(max[o + q], maxJ[src + q]);
                }
            }
        });
        return new MajorantGrid(cellSize, cx, cy, cz, min, max);
    }

    /// <summary>
    /// The majorant σ̄ per cell for a transfer function: the largest σt the kernels' baked table
    /// (<see cref="TransferFunction.Bake"/>, linearly interpolated) returns over the cell's HU range widened by one
    /// table step (for rounding in the trilinear interpolation), times 1.0001; a range maximum over the table's σt
    /// entries (<see cref="BakedTransfer.MaxSigmaT"/>), answered in O(1) per cell from a sparse table.
    /// </summary>
    public float[] Majorants(TransferFunction transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var baked = transfer.Bake();
        const int n = TransferFunction.TableSize;
        // levels[k][i] = max σt over entries i … i + 2ᵏ − 1.
        var levels = new List<float[]> { new float[n] };
        for (var i = 0; i < n; i++) levels[0][i] = baked[i * TransferFunction.TableStride];
        for (var k = 1; (1 << k) <= n; k++)
        {
            var prev = levels[k - 1];
            var cur = new float[n - (1 << k) + 1];
            for (var i = 0; i < cur.Length; i++) cur[i] = MathF.Max(prev[i], prev[i + (1 << (k - 1))]);
            levels.Add(cur);
        }
        var step = (TransferFunction.TableHuMax - TransferFunction.TableHuMin) / (TransferFunction.TableSize - 1);
        var m = new float[MinHu.Length];
        Parallel.For(0, (m.Length + 4095) / 4096, chunk =>
        {
            for (var i = chunk * 4096; i < Math.Min(m.Length, (chunk + 1) * 4096); i++)
            {
                BakedTransfer.Locate(MinHu[i] - step, out var a, out _);
                BakedTransfer.Locate(MaxHu[i] + step, out var b, out _);
                b++; // the entry above the last interval's lower end
                var k = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)(b - a + 1));
                var level = levels[k];
                m[i] = MathF.Max(level[a], level[b - (1 << k) + 1]) * 1.0001f;
            }
        });
        return m;
    }

    /// <summary>
    /// The kernels' encoding of <see cref="Majorants"/>: σ̄ &gt; 0 in non-empty cells, and −d in empty ones, d ≥
    /// 1 the
    /// Chebyshev distance (in cells) to the nearest non-empty cell (<see cref="EmptySpace.Distances"/>): every cell
    /// within
    /// d − 1 cells of it along each axis is empty too.
    /// </summary>
    public float[] TrackingMajorants(TransferFunction transfer)
    {
        var m = Majorants(transfer);
        var d = EmptySpace.Distances(m, Cx, Cy, Cz);
        for (var i = 0; i < m.Length; i++)
            if (!(m[i] > 0f)) m[i] = -d[i];
        return m;
    }
}
