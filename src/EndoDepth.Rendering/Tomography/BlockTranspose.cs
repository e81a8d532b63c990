namespace EndoDepth.Rendering.Tomography;

/// <summary>Cache-blocked matrix transposition, for moving projections and volumes between the natural layout and
/// the z-line back-projector's (<see cref="BackProjectionLayout.ZMajor"/>).</summary>
internal static class BlockTranspose
{
    private const int Block = 16;

    /// <summary>dst[offsetD + c·strideD + r] = src[offsetS + r·strideS + c] for r &lt; <paramref name="rows"/>,
    /// c &lt; <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentException">The matrices do not fit in the arrays.</exception>
    public static unsafe void Matrix(float[] src, long offsetS, long strideS, float[] dst, long offsetD, long strideD,
        int rows, int columns)
    {
        if (rows == 0 || columns == 0) return;
        if (offsetS < 0 || offsetD < 0 || offsetS + (rows - 1) * strideS + columns > src.LongLength
            || offsetD + (columns - 1) * strideD + rows > dst.LongLength)
            throw new ArgumentException("The matrices do not fit in the arrays.");
        fixed (float* s = src)
        fixed (float* d = dst)
            for (var r0 = 0; r0 < rows; r0 += Block)
            {
                var rEnd = Math.Min(rows, r0 + Block);
                for (var c0 = 0; c0 < columns; c0 += Block)
                {
                    var cEnd = Math.Min(columns, c0 + Block);
                    for (var c = c0; c < cEnd; c++)
                    {
                        var to = d + offsetD + c * strideD;
                        var from = s + offsetS + c;
                        for (var r = r0; r < rEnd; r++) to[r] = from[r * strideS];
                    }
                }
            }
    }

    /// <summary>Projections views × rows × columns → views × columns × rows.</summary>
    public static float[] ViewsToColumnMajor(float[] projections, int views, int rows, int columns)
    {
        var result = new float[projections.LongLength];
        var size = (long)rows * columns;
        Parallel.For(0, views, v => Matrix(projections, v * size, columns, result, v * size, rows, rows, columns));
        return result;
    }

    /// <summary>A volume k + Nz·(i + Nx·j) → i + Nx·(j + Ny·k).</summary>
    public static float[] ZMajorToNatural(float[] volume, int nx, int ny, int nz)
    {
        var result = new float[volume.LongLength];
        // For each j, the Nx × Nz matrix (i, k) at Nz·Nx·j becomes Nz rows of Nx, Nx·Ny apart, starting at Nx·j.
        Parallel.For(0, ny, j => Matrix(volume, (long)nz * nx * j, nz, result, (long)nx * j, (long)nx * ny, nx, nz));
        return result;
    }
}
