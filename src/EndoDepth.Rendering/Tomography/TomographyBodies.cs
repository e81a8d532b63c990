using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tomography;

/// <summary>The <see cref="JosephProjection"/> as a launchable body (one index per detector pixel).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct ForwardProjectionBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>The scan.</summary>
    public ScanParams Scan;
    /// <summary>The projected grid.</summary>
    public GridParams Grid;
    /// <summary>cos β per view.</summary>
    public TView Cos;
    /// <summary>sin β per view.</summary>
    public TView Sin;
    /// <summary>μ (1/mm) on the grid.</summary>
    public TView Mu;
    /// <summary>Output line integrals, views × rows × columns.</summary>
    public TView Output;

    /// <inheritdoc />
    public readonly void Execute(int index) => JosephProjection.Ray(index, Scan, Grid, Cos, Sin, Mu, Output);
}

/// <summary>The <see cref="VoxelDrivenBackProjection"/> as a launchable body (one index per grid row).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct BackProjectionBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>The scan.</summary>
    public ScanParams Scan;
    /// <summary>The reconstruction grid.</summary>
    public GridParams Grid;
    /// <summary>cos β per view.</summary>
    public TView Cos;
    /// <summary>sin β per view.</summary>
    public TView Sin;
    /// <summary>Filtered projections, views × rows × columns.</summary>
    public TView Filtered;
    /// <summary>The volume being accumulated.</summary>
    public TView Volume;
    /// <summary>First view of this launch.</summary>
    public int FirstView;
    /// <summary>Views in this launch.</summary>
    public int ViewCount;
    /// <summary>Angular weight per view (π/M).</summary>
    public float Scale;

    /// <inheritdoc />
    public readonly void Execute(int index) => VoxelDrivenBackProjection.Row(index, Scan, Grid, Cos, Sin, Filtered,
        Volume, FirstView, ViewCount, Scale);
}

/// <summary>The <see cref="ZLineBackProjection"/> as a launchable body (one index per voxel column, i + Nx·j).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct ZLineBackProjectionBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>The scan.</summary>
    public ScanParams Scan;
    /// <summary>The reconstruction grid.</summary>
    public GridParams Grid;
    /// <summary>How the volume and the projections are stored.</summary>
    public BackProjectionLayout Layout;
    /// <summary>cos β per view.</summary>
    public TView Cos;
    /// <summary>sin β per view.</summary>
    public TView Sin;
    /// <summary>Filtered projections.</summary>
    public TView Filtered;
    /// <summary>The volume being accumulated.</summary>
    public TView Volume;
    /// <summary>First view of this launch.</summary>
    public int FirstView;
    /// <summary>Views in this launch.</summary>
    public int ViewCount;
    /// <summary>Angular weight per view (π/M).</summary>
    public float Scale;

    /// <inheritdoc />
    public readonly void Execute(int index) => ZLineBackProjection.Column(index, Scan, Grid, Layout, Cos, Sin,
        Filtered, Volume, FirstView, ViewCount, Scale);
}
