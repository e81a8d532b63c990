using EndoDepth.Rendering.Compute;
using ILGPU;
using ILGPU.Runtime;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// Runs the projection and back-projection bodies on a <see cref="ComputeDevice"/>: over managed arrays on the
/// <c>Parallel.For</c> launcher, over accelerator buffers on ILGPU.
/// </summary>
internal static class TomographyKernels
{
    /// <summary>Views per back-projection launch on the CPU: their filtered projections (16 × 256² floats = 4 MiB)
    /// stay in cache while each grid row, in L1, takes all of them, so the volume is streamed from memory once per
    /// 16 views instead of once per view.</summary>
    public const int CpuViewsPerLaunch = 16;

    /// <summary>Views per launch on a GPU (between launches, cancellation and progress are checked).</summary>
    public const int GpuViewsPerLaunch = 64;

    /// <summary>
    /// A CPU view without bounds checks: every index the two kernels read or write is in range by construction (views
    /// below the view count; detector samples only after <see cref="VoxelDrivenBackProjection"/>'s range test; voxels
    /// only after <see cref="JosephProjection"/>'s slab clipping and per-corner test; outputs below the launch length).
    /// </summary>
    private static UncheckedHostView<float> Unchecked(float[] values) =>
        UncheckedHostView<float>.ForGrid(values, values.LongLength);

    /// <summary>Line integrals of <paramref name="mu"/> on <paramref name="grid"/> for every detector pixel.</summary>
    public static float[] Project(ComputeDevice device, ScanGeometry geometry, ReconstructionGrid grid, float[] mu,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var scan = geometry.ToParams();
        var g = grid.ToParams();
        var (cos, sin) = geometry.Trigonometry();
        var output = new float[geometry.ValueCount];
        var perView = geometry.DetectorRows * geometry.DetectorColumns;
        // One launch per batch of views so that a long projection can be cancelled and reports progress.
        var batch = Math.Max(1, Math.Min(geometry.Views, (1 << 22) / perView));
        if (!device.UsesIlgpu)
        {
            for (var first = 0; first < geometry.Views; first += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batch, geometry.Views - first);
                var view = new float[count * perView];
                var (c, s) = (cos[first..(first + count)], sin[first..(first + count)]);
                device.Launch(view.Length, new ForwardProjectionBody<UncheckedHostView<float>>
                {
                    Scan = scan, Grid = g, Cos = Unchecked(c), Sin = Unchecked(s), Mu = Unchecked(mu),
                    Output = Unchecked(view),
                });
                Array.Copy(view, 0, output, (long)first * perView, view.Length);
                progress?.Report((double)(first + count) / geometry.Views);
            }
            return output;
        }
        var accelerator = device.Accelerator;
        using var muBuffer = accelerator.Allocate1D(mu);
        using var cosBuffer = accelerator.Allocate1D(cos);
        using var sinBuffer = accelerator.Allocate1D(sin);
        using var outBuffer = accelerator.Allocate1D<float>(output.Length);
        device.Launch(output.Length, new ForwardProjectionBody<DeviceView<float>>
        {
            Scan = scan, Grid = g, Cos = new(cosBuffer.View), Sin = new(sinBuffer.View), Mu = new(muBuffer.View),
            Output = new(outBuffer.View),
        });
        outBuffer.CopyToCPU(output);
        progress?.Report(1);
        return output;
    }

    /// <summary>Slices from which a volume is back-projected along z-lines (<see cref="ZLineBackProjection"/>); thinner
    /// grids (2-D images) along grid rows (<see cref="VoxelDrivenBackProjection"/>), where the per-row steps pay.</summary>
    public const int ZLineMinimumSlices = 8;

    /// <summary>Views per z-line launch on the CPU: each voxel column (a few KiB, in L1) takes all of them while the
    /// neighbouring columns' detector columns stay in L2; the volume is streamed once per launch.</summary>
    public const int CpuZLineViewsPerLaunch = 32;

    /// <summary>Σ over views of the weighted back-projection of <paramref name="filtered"/> (π/M per view).</summary>
    public static float[] BackProject(ComputeDevice device, ScanGeometry geometry, ReconstructionGrid grid,
        float[] filtered, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (grid.Nz >= ZLineMinimumSlices)
            return BackProjectZLines(device, geometry, grid, filtered, progress, cancellationToken);
        var scan = geometry.ToParams();
        var g = grid.ToParams();
        var (cos, sin) = geometry.Trigonometry();
        var volume = new float[grid.VoxelCount];
        var rows = grid.Ny * grid.Nz;
        var scale = (float)(Math.PI / geometry.Views);
        if (!device.UsesIlgpu)
        {
            for (var first = 0; first < geometry.Views; first += CpuViewsPerLaunch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(CpuViewsPerLaunch, geometry.Views - first);
                // Where the CPU has AVX2, eight voxels at a time (the same formula; BackProjectionOctetTests).
                if (BackProjectionOctets.IsSupported)
                {
                    BackProjectionOctets.Run(scan, g, cos, sin, filtered, volume, first, count, scale,
                        cancellationToken);
                    progress?.Report((double)(first + count) / geometry.Views);
                    continue;
                }
                device.Launch(rows, new BackProjectionBody<UncheckedHostView<float>>
                {
                    Scan = scan, Grid = g, Cos = Unchecked(cos), Sin = Unchecked(sin), Filtered = Unchecked(filtered),
                    Volume = Unchecked(volume), FirstView = first, ViewCount = count, Scale = scale,
                });
                progress?.Report((double)(first + count) / geometry.Views);
            }
            return volume;
        }
        var accelerator = device.Accelerator;
        using var filteredBuffer = accelerator.Allocate1D(filtered);
        using var cosBuffer = accelerator.Allocate1D(cos);
        using var sinBuffer = accelerator.Allocate1D(sin);
        using var volumeBuffer = accelerator.Allocate1D<float>(volume.Length);
        volumeBuffer.MemSetToZero();
        for (var first = 0; first < geometry.Views; first += GpuViewsPerLaunch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(GpuViewsPerLaunch, geometry.Views - first);
            device.Launch(rows, new BackProjectionBody<DeviceView<float>>
            {
                Scan = scan, Grid = g, Cos = new(cosBuffer.View), Sin = new(sinBuffer.View),
                Filtered = new(filteredBuffer.View), Volume = new(volumeBuffer.View), FirstView = first,
                ViewCount = count, Scale = scale,
            });
            progress?.Report((double)(first + count) / geometry.Views);
        }
        volumeBuffer.CopyToCPU(volume);
        return volume;
    }

    /// <summary>
    /// <see cref="BackProject"/> along z-lines. On the CPU the projections are first transposed to views × columns ×
    /// rows and the volume accumulated k fastest (<see cref="BackProjectionLayout.ZMajor"/>), so that each voxel column
    /// and each detector column it reads are contiguous, then transposed back; on ILGPU one thread per voxel column
    /// walks the natural layout (neighbouring threads touch neighbouring voxels).
    /// </summary>
    private static unsafe float[] BackProjectZLines(ComputeDevice device, ScanGeometry geometry,
        ReconstructionGrid grid, float[] filtered, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var scan = geometry.ToParams();
        var g = grid.ToParams();
        var (cos, sin) = geometry.Trigonometry();
        var columns = grid.Nx * grid.Ny;
        var scale = (float)(Math.PI / geometry.Views);
        if (!device.UsesIlgpu)
        {
            var layout = BackProjectionLayout.ZMajor(g, scan);
            var columnMajor = BlockTranspose.ViewsToColumnMajor(filtered, geometry.Views, geometry.DetectorRows,
                geometry.DetectorColumns);
            var zMajor = new float[grid.VoxelCount];
            fixed (float* q = columnMajor)
            fixed (float* v = zMajor)
            {
                for (var first = 0; first < geometry.Views; first += CpuZLineViewsPerLaunch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(CpuZLineViewsPerLaunch, geometry.Views - first);
                    // Where the CPU has AVX2, eight voxels of a line at a time (the same formula; ZLineOctetTests).
                    if (ZLineOctets.IsSupported)
                        device.Launch(columns, new ZLineOctetBody
                        {
                            Scan = scan, Grid = g, Cos = cos, Sin = sin, Filtered = q, Volume = v, FirstView = first,
                            ViewCount = count, Scale = scale,
                        });
                    else
                        device.Launch(columns, new ZLineBackProjectionBody<UncheckedHostView<float>>
                        {
                            Scan = scan, Grid = g, Layout = layout, Cos = Unchecked(cos), Sin = Unchecked(sin),
                            Filtered = Unchecked(columnMajor), Volume = Unchecked(zMajor), FirstView = first,
                            ViewCount = count, Scale = scale,
                        });
                    progress?.Report((double)(first + count) / geometry.Views);
                }
            }
            return BlockTranspose.ZMajorToNatural(zMajor, grid.Nx, grid.Ny, grid.Nz);
        }
        var accelerator = device.Accelerator;
        var natural = BackProjectionLayout.Natural(g, scan);
        var volume = new float[grid.VoxelCount];
        using var filteredBuffer = accelerator.Allocate1D(filtered);
        using var cosBuffer = accelerator.Allocate1D(cos);
        using var sinBuffer = accelerator.Allocate1D(sin);
        using var volumeBuffer = accelerator.Allocate1D<float>(volume.Length);
        volumeBuffer.MemSetToZero();
        for (var first = 0; first < geometry.Views; first += GpuViewsPerLaunch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(GpuViewsPerLaunch, geometry.Views - first);
            device.Launch(columns, new ZLineBackProjectionBody<DeviceView<float>>
            {
                Scan = scan, Grid = g, Layout = natural, Cos = new(cosBuffer.View), Sin = new(sinBuffer.View),
                Filtered = new(filteredBuffer.View), Volume = new(volumeBuffer.View), FirstView = first,
                ViewCount = count, Scale = scale,
            });
            progress?.Report((double)(first + count) / geometry.Views);
        }
        volumeBuffer.CopyToCPU(volume);
        return volume;
    }
}
