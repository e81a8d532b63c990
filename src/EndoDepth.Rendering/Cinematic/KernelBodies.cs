using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>The <see cref="DepthKernel"/> as a launchable body (one index per pixel).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
public struct DepthBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>Launch parameters.</summary>
    public DepthParams Params;
    /// <summary>The medium under the reference opacity ramp.</summary>
    public Medium<TView> Reference;
    /// <summary>Output z-depth (mm), one per pixel.</summary>
    public TView Depth;
    /// <summary>Output normals, planar x, y, z.</summary>
    public TView Normals;

    /// <inheritdoc />
    public readonly void Execute(int index) => DepthKernel.Pixel(index, Params, Reference, Depth, Normals);
}

/// <summary>The <see cref="PathTracingKernel"/> as a launchable body (one index per pixel).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
public struct PathBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>Launch parameters.</summary>
    public PathParams Params;
    /// <summary>The preset's medium.</summary>
    public Medium<TView> Medium;
    /// <summary>Planar RGB radiance sums.</summary>
    public TView Accum;

    /// <inheritdoc />
    public readonly void Execute(int index) => PathTracingKernel.Pixel(index, Params, Medium, Accum);
}
